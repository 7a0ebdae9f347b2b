package dev.braid.web;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.FileSending;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.tls.TlsTransport;
import dev.braid.time.Timeout;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.BodyChunk;
import dev.braid.web.http1.HttpLimits;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.RequestEvent;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.RequestParser;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Optional;

/**
 * The HTTP/1.1 server protocol of one connection: feeds the bytes to a {@link RequestParser}, turns
 * its events into {@link Request}s and renders them through the {@link Site}, one at a time, so
 * pipelined requests are answered strictly in order. At most {@link SiteSettings#maxPipelined()}
 * requests are held; above that (or while a resource pauses its body, or while a queued request's
 * body would have to be buffered) the parser is paused and the connection stops reading.
 *
 * <p>Timers, all on the site's {@link dev.braid.time.ReactorTime}: the headers of a request must be
 * complete within {@link SiteSettings#headersTimeout()} (else 408 and close), a connection with
 * nothing in flight closes after {@link SiteSettings#idleTimeout()}, and a body a resource waits
 * for must arrive at {@link SiteSettings#minBodyRate()} or better, and a client the server has
 * bytes waiting for must take them at {@link SiteSettings#minSendRate()} or better (else the
 * connection is aborted: a slow reader cannot hold it and its buffers for ever). The rest of a body
 * that its resource answered without reading is discarded under the body-rate and idle deadlines,
 * up to {@link SiteSettings#maxDrain()} bytes, else the connection closes. A parse error is
 * answered with its status and {@code Connection: close} after the responses before it; one in the
 * body of a request already dispatched gets no answer of its own (that request has one), the
 * connection closes after the request's answer. Client faults are logged through {@link
 * ClientFaults}. Reactor thread only.
 */
final class HttpChannel implements Protocol {
  private static final ByteBuffer NO_BYTES = ByteBuffer.allocate(0).asReadOnlyBuffer();
  private final Site site;
  private final SiteSettings settings;
  private final RequestParser parser;
  private final ArrayDeque<Request> queue = new ArrayDeque<>();
  private final java.util.function.Consumer<RequestEvent> sink = this::onEvent;
  private Transport transport;
  private Request incoming;
  private ByteBuffer pending;

  /**
   * True when this channel paused the parser from an event. The parser may then hold an event it
   * can produce without another byte (the end of a body whose last bytes it just delivered, or of a
   * request without a body), so once unblocked it is fed even when no bytes wait.
   */
  private boolean parserHeld;

  private boolean processing;
  private boolean userPaused;
  private boolean readingPaused;
  private boolean closed;
  private boolean closing;
  private Optional<HttpParseException> deferredError = Optional.empty();

  /**
   * True once a framing error was found in the body of a request already dispatched: its own
   * response (the resource's, or the error its failed body read gives) is the only one it gets, the
   * connection closes after it, and nothing more is read.
   */
  private boolean inputFailed;

  /** Body bytes of the incoming request discarded since its response finished. */
  private long discarded;

  private final Timeout headersTimer;
  private final Timeout idleTimer;

  /**
   * True while the connection is idle and {@link #idleDeadline} (reactor nanos) counts. The idle
   * timer is not cancelled when a request comes: it stays scheduled, and when it fires it closes
   * the connection only if it is still idle and its deadline has passed, else it waits for the
   * rest. A busy keep-alive connection so costs no timer per request.
   */
  private boolean idleArmed;

  private long idleDeadline;
  private final Timeout rateTimer;
  private long rateMark;
  private final Timeout sendTimer;
  private long sendMark;

  /** When the current send-rate window began (reactor nanos). */
  private long sendWindowStart;

  /** When the connection was made (reactor nanos): send-rate windows are counted from it. */
  private long madeAt;

  private long sentFinished;

  /** True until the first request head arrived: an idle new connection gets 408, not silence. */
  private boolean fresh = true;

  HttpChannel(Site site) {
    this.site = site;
    this.settings = site.settings();
    this.parser =
        new RequestParser(
            HttpLimits.DEFAULT
                .withMaxStartLine(settings.maxRequestLine())
                .withMaxHeaderBytes(settings.maxHeaderBytes())
                .withMaxHeaderCount(settings.maxHeaders())
                .withMaxBody(Long.MAX_VALUE));
    this.headersTimer = site.time().timeout(this::headersTimedOut);
    this.idleTimer = site.time().timeout(this::idleTimedOut);
    this.rateTimer = site.time().timeout(this::checkBodyRate);
    this.sendTimer = site.time().timeout(this::checkSendRate);
  }

  Transport transport() {
    return transport;
  }

  Site site() {
    return site;
  }

  boolean secure() {
    return transport instanceof TlsTransport;
  }

  String date() {
    return site.date();
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    this.madeAt = site.time().nanoTime();
    site.channelOpened(this);
    if (site.stopping()) {
      closeAfterResponses();
      return;
    }
    updateTimers();
  }

  /**
   * The site is stopping ({@link Site#shutdown}): with nothing in flight, close now; else the
   * response being sent is the last, with {@code Connection: close} when its head is still to go.
   */
  void siteStopping() {
    if (closed || closing) {
      return;
    }
    Request active = queue.peekFirst();
    if (active == null || active.finished()) {
      // idle, between requests, inside a head, or only discarding an answered request's body
      closeAfterResponses();
      return;
    }
    active.forceClose();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (closed || closing || inputFailed) {
      return;
    }
    idleArmed = false;
    if (pending != null) {
      ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + data.remaining());
      pending = joined.put(pending).put(data).flip();
    } else {
      pending = data;
    }
    process();
    if (pending == data) {
      pending = data.hasRemaining() ? ByteBuffer.allocate(data.remaining()).put(data).flip() : null;
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    closed = true;
    site.channelClosed(this);
    cancelTimers();
    sendTimer.cancelTimeout();
    if (incoming != null && !queue.contains(incoming)) {
      incoming.connectionLost(reason);
    }
    for (Request r : queue) {
      r.connectionLost(reason);
    }
    queue.clear();
  }

  // ---------------------------------------------------------------- parsing

  private boolean blocked() {
    if (closing || closed || userPaused || inputFailed || deferredError.isPresent()) {
      return true;
    }
    if (queue.size() >= settings.maxPipelined()) {
      return true;
    }
    return incoming != null && incoming != queue.peekFirst() && incoming.bodyReceived() > 0;
  }

  private void process() {
    if (processing) {
      return;
    }
    processing = true;
    try {
      while ((pending != null || parserHeld) && !blocked()) {
        parserHeld = false;
        if (pending == null) {
          parser.feed(NO_BYTES, sink);
          continue;
        }
        int before = pending.remaining();
        parser.feed(pending, sink);
        if (!pending.hasRemaining()) {
          pending = null;
        } else if (pending.remaining() == before && blocked()) {
          break;
        }
      }
    } catch (HttpParseException e) {
      pending = null;
      parseFailed(e);
    } finally {
      processing = false;
    }
    updateReading();
    updateTimers();
  }

  private void onEvent(RequestEvent event) {
    switch (event) {
      case RequestHead head -> onHead(head);
      case BodyChunk chunk -> onBody(chunk.data());
      case MessageEnd end -> onEnd();
    }
    if (blocked()) {
      parser.pause();
      parserHeld = true;
    }
  }

  private void onHead(RequestHead head) {
    fresh = false;
    Request r = new Request(this, head, settings.maxBody());
    incoming = r;
    queue.addLast(r);
    if (queue.size() == 1) {
      dispatch(r);
    }
  }

  private void onBody(ByteString data) {
    Request r = incoming;
    if (r.finished()) {
      discarded += data.size();
      if (discarded > settings.maxDrain()) {
        logClientFault(
            "its unread request body went past the " + settings.maxDrain() + " B discarded");
        closeAfterResponses();
      }
      return;
    }
    r.bodyChunk(data.asByteBuffer());
  }

  private void onEnd() {
    Request r = incoming;
    incoming = null;
    discarded = 0;
    r.bodyEnded();
    if (r.finished() && queue.peekFirst() == r) {
      advance();
    }
  }

  private void parseFailed(HttpParseException e) {
    Request in = incoming;
    incoming = null;
    if (in != null && in == queue.peekFirst()) {
      // Dispatched already: this request's answer is its resource's (or the error its failed body
      // read gives), sent or to come; a second status line for it would desynchronise the client.
      // The connection closes once that answer is out, and nothing more is read.
      inputFailed = true;
      in.forceClose();
      if (in.finished()) {
        logClientFault("its request body broke the framing after the response: " + e.getMessage());
        queue.pollFirst();
        closeAfterResponses();
      } else {
        in.failBody(new HttpStatusException(e.status() >= 400 ? e.status() : 400, e.getMessage()));
      }
      return;
    }
    if (in != null) {
      // never dispatched: a request whose body is broken is dropped whole, never split
      queue.remove(in);
    }
    if (queue.isEmpty()) {
      sendErrorAndClose(e.status(), e.getMessage());
    } else {
      deferredError = Optional.of(e);
    }
  }

  /** Closes the connection once what is written went out; nothing more is read. */
  private void closeAfterResponses() {
    closing = true;
    cancelTimers();
    transport.loseConnection();
    watchSending();
  }

  private void logClientFault(String what) {
    site.clientFaults().log(transport.peerAddress(), what);
  }

  private void sendErrorAndClose(int status, String message) {
    closing = true;
    String title = status + " " + HttpStatus.reasonPhrase(status);
    byte[] body =
        Html.page(title, "<p>" + Html.escape(message) + "</p>").getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(title).append("\r\n");
    head.append("Content-Type: text/html; charset=utf-8\r\n");
    head.append("Content-Length: ").append(body.length).append("\r\n");
    head.append("Date: ").append(date()).append("\r\n");
    if (!settings.serverName().isEmpty()) {
      head.append("Server: ").append(settings.serverName()).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    transport.write(ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
    transport.write(ByteBuffer.wrap(body));
    transport.loseConnection();
    cancelTimers();
    watchSending();
  }

  // ---------------------------------------------------------------- requests

  private void dispatch(Request r) {
    Optional<HttpStatusException> bad = r.targetError();
    if (bad.isPresent()) {
      r.renderFailed(bad.get());
      return;
    }
    String expect = r.expectField();
    if (expect != null && !expect.strip().equalsIgnoreCase("100-continue")) {
      r.forceClose();
      r.respondError(417, "Only the expectation 100-continue is supported.");
      return;
    }
    if (r.target().equals("*")) {
      if (r.method().equals("OPTIONS")) {
        r.setStatus(204);
        r.setHeader("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
        r.finish();
      } else {
        r.respondError(400, "The target * is only for OPTIONS.");
      }
      return;
    }
    Deferred<Void> d = site.dispatch(r);
    if (d.succeeded()) {
      return;
    }
    d.addErrback(
        e -> {
          if (!(e instanceof HttpStatusException)) {
            site.logRenderError(r, e);
          }
          if (!closed) {
            r.renderFailed(e);
          }
          return null;
        });
  }

  boolean keepAlive(Request r) {
    if (closing || closed || site.stopping()) {
      return false;
    }
    boolean close = false;
    boolean keep = false;
    if (!r.headers().lacks(HttpHeaders.CONNECTION)) {
      for (String v : r.headerValues("Connection")) {
        for (String token : v.split(",")) {
          String t = token.strip().toLowerCase(Locale.ROOT);
          close |= t.equals("close");
          keep |= t.equals("keep-alive");
        }
      }
    }
    if (close || (r.version().equals("HTTP/1.0") && !keep)) {
      return false;
    }
    if (!r.bodyComplete() && r.hasBody()) {
      if (r.expectsContinue() && !r.continueSent()) {
        return false;
      }
      if (!r.bodyRequested() && !drainable(r)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the unread rest of {@code r}'s body may be read and discarded to keep the connection:
   * its declared length leaves at most {@link SiteSettings#maxDrain()} bytes to come (a chunked
   * body's rest is unknown: it is capped as it comes).
   */
  private boolean drainable(Request r) {
    long length = expectedBodyLength(r);
    return length < 0 || length - r.bodyReceived() <= settings.maxDrain();
  }

  long expectedBodyLength(Request r) {
    try {
      return r.header("Content-Length").map(Long::parseLong).orElse(-1L);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  void bodyWanted(Request r) {
    if (r.expectsContinue() && r.hasBody() && !r.continueSent() && !r.headSent() && !closed) {
      r.markContinueSent();
      transport.write(
          ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }
    rateMark = bodyProgress(r);
    updateTimers();
  }

  void bodyFailed(Request r, Throwable reason) {
    if (r == incoming && reason instanceof HttpStatusException) {
      r.forceClose();
    }
  }

  void pauseBody(Request r) {
    userPaused = true;
    updateReading();
    updateTimers();
  }

  void resumeBody(Request r) {
    if (userPaused) {
      userPaused = false;
      process();
    }
  }

  void abort(Request r) {
    closing = true;
    transport.abortConnection();
  }

  void responseFinished(Request r) {
    site.logAccess(r);
    if (closed) {
      return;
    }
    if (r.closeAfter() || closing || site.stopping()) {
      closing = true;
      cancelTimers();
      transport.loseConnection();
      watchSending();
      return;
    }
    if (r == incoming) {
      if (!drainable(r)) {
        closeAfterResponses();
        return;
      }
      // the rest of the body is read and discarded, under the body-rate and idle deadlines and
      // up to maxDrain bytes; the next request starts at its end
      if (userPaused) {
        userPaused = false;
      }
      process();
      return;
    }
    advance();
  }

  private void advance() {
    Request done = queue.pollFirst();
    if (done != null) {
      sentFinished += done.bodyBytesSent();
    }
    Request next = queue.peekFirst();
    if (next != null) {
      dispatch(next);
    } else if (deferredError.isPresent()) {
      HttpParseException e = deferredError.get();
      deferredError = Optional.empty();
      sendErrorAndClose(e.status(), e.getMessage());
      return;
    }
    process();
  }

  // ---------------------------------------------------------------- flow control and timers

  private void updateReading() {
    if (closed) {
      return;
    }
    boolean shouldPause = blocked() && !closing;
    if (shouldPause && !readingPaused) {
      readingPaused = true;
      transport.pauseProducing();
    } else if (!shouldPause && readingPaused) {
      readingPaused = false;
      transport.resumeProducing();
    }
  }

  private void updateTimers() {
    watchSending();
    if (closed || closing) {
      cancelTimers();
      return;
    }
    boolean inHead = incoming == null && parser.inProgress();
    Request active = queue.peekFirst();
    boolean draining = active != null && active == incoming && active.finished();
    boolean idle = draining || (queue.isEmpty() && incoming == null && !parser.inProgress());
    if (inHead) {
      if (!headersTimer.pending()) {
        headersTimer.setTimeout(positive(settings.headersTimeout()));
      }
    } else {
      headersTimer.cancelTimeout();
    }
    if (idle) {
      if (!idleArmed) {
        idleArmed = true;
        Duration wait = fresh ? settings.headersTimeout() : settings.idleTimeout();
        idleDeadline = site.time().nanoTime() + wait.toNanos();
        if (!idleTimer.pending()) {
          idleTimer.setTimeout(positive(wait));
        }
      }
    } else {
      idleArmed = false;
    }
    boolean waitingForBody =
        active != null
            && active == incoming
            && (active.bodyRequested() || active.finished())
            && !userPaused
            && settings.minBodyRate() > 0;
    if (waitingForBody && !rateTimer.pending()) {
      rateMark = bodyProgress(active);
      rateTimer.setTimeout(positive(settings.bodyRateWindow()));
    } else if (!waitingForBody) {
      rateTimer.cancelTimeout();
    }
  }

  private void headersTimedOut() {
    if (closed || closing) {
      return;
    }
    HttpParseException e = new HttpParseException(408, "The request headers took too long.");
    if (queue.isEmpty()) {
      sendErrorAndClose(408, e.getMessage());
    } else {
      deferredError = Optional.of(e);
      updateReading();
    }
  }

  private void idleTimedOut() {
    if (closed || closing || !idleArmed) {
      return;
    }
    long left = idleDeadline - site.time().nanoTime();
    if (left > 0) {
      idleTimer.setTimeout(Duration.ofNanos(left));
      return;
    }
    if (fresh) {
      sendErrorAndClose(408, "No request came.");
      return;
    }
    closing = true;
    transport.loseConnection();
    watchSending();
  }

  /**
   * Starts the send-rate check while a response is in progress or bytes wait for the client; the
   * check reschedules itself until neither holds.
   *
   * <p>The windows are counted from when the connection was made, not from when a response began:
   * the check runs at the end of the window in progress (a shorter first window is judged at the
   * same rate over its own length). The first window a response spends in may pass while the kernel
   * takes what fits its send buffer, the next one may not: so a client that takes nothing is
   * aborted at most two windows after its response began, and, since the first request's head must
   * come within {@code headersTimeout}, at most two windows after the connection was made when
   * {@code headersTimeout} is no longer than a window (the defaults: 20 s and 20 s, so 40 s).
   * Counted from the response instead, a request sent late let a slow reader live for three.
   */
  private void watchSending() {
    if (closed || sendTimer.pending() || settings.minSendRate() <= 0) {
      return;
    }
    if (!queue.isEmpty() || outputStalled()) {
      long window = settings.sendRateWindow().toNanos();
      long now = site.time().nanoTime();
      long end = madeAt + ((now - madeAt) / window + 1) * window;
      sendMark = delivered();
      sendWindowStart = now;
      sendTimer.setTimeout(Duration.ofNanos(end - now));
    }
  }

  /** True while bytes wait because the client does not take them (the send buffer is full). */
  private boolean outputStalled() {
    return transport.bufferedBytes() > 0
        || (transport instanceof FileSending sending && sending.sendBlocked());
  }

  /** Response body bytes the client has taken so far (heads not counted). */
  private long delivered() {
    Request active = queue.peekFirst();
    long sent = sentFinished + (active == null ? 0 : active.bodyBytesSent());
    return sent - transport.bufferedBytes();
  }

  private void checkSendRate() {
    if (closed) {
      return;
    }
    long now = delivered();
    long progress = now - sendMark;
    sendMark = now;
    double seconds = (site.time().nanoTime() - sendWindowStart) / 1e9;
    if (outputStalled() && progress < settings.minSendRate() * seconds) {
      logClientFault(
          "it took "
              + progress
              + " response bytes in "
              + Math.round(seconds)
              + " s (minimum "
              + settings.minSendRate()
              + " B/s)");
      closing = true;
      cancelTimers();
      transport.abortConnection();
      return;
    }
    watchSending();
  }

  private void checkBodyRate() {
    Request active = queue.peekFirst();
    if (closed || closing || active == null || active != incoming) {
      return;
    }
    long got = bodyProgress(active) - rateMark;
    rateMark = bodyProgress(active);
    double seconds = settings.bodyRateWindow().toNanos() / 1e9;
    if (got < settings.minBodyRate() * seconds && active.finished()) {
      // answered already: the rest of the body is only being discarded
      logClientFault(
          "its unread request body came at "
              + got
              + " B in "
              + settings.bodyRateWindow().toSeconds()
              + " s");
      closeAfterResponses();
      return;
    }
    if (got < settings.minBodyRate() * seconds) {
      active.failBody(new HttpStatusException(408, "The request body came too slowly."));
      active.forceClose();
      if (!active.headSent() && !active.finished()) {
        active.renderFailed(new HttpStatusException(408, "The request body came too slowly."));
      }
      return;
    }
    updateTimers();
  }

  /** Body bytes of {@code r} received so far, read or discarded. */
  private long bodyProgress(Request r) {
    return r.bodyReceived() + (r == incoming ? discarded : 0);
  }

  /** A settings duration as a timer period: zero (or less) means the next turn of the loop. */
  private static Duration positive(Duration d) {
    return d.isNegative() || d.isZero() ? Duration.ofNanos(1) : d;
  }

  private void cancelTimers() {
    headersTimer.cancelTimeout();
    idleTimer.cancelTimeout();
    idleArmed = false;
    rateTimer.cancelTimeout();
  }
}
