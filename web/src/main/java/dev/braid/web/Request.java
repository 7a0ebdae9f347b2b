package dev.braid.web;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.FileSending;
import dev.braid.net.Producer;
import dev.braid.net.tls.TlsTransport;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.RequestHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLSession;

/**
 * One HTTP request and its response, as a {@link Resource} sees them. The request side is
 * read-only: method, target, decoded path segments, query arguments, headers, cookies, the client's
 * address and the body (read whole with {@link #body()} or streamed with {@link #readBody}). The
 * response side is written once, in order: status and headers, then the body, either whole ({@link
 * #respond}) or in pieces ({@link #write}, with backpressure through {@link #registerProducer}),
 * then {@link #finish()}.
 *
 * <p><b>Threads.</b> Only the reactor thread of the connection may call these methods.
 *
 * <p><b>Framing.</b> The server chooses it when the head goes out: a {@code Content-Length} the
 * resource set (or the length of a whole response), else chunked for HTTP/1.1, else the end of the
 * connection. A {@code HEAD} request gets the headers of the {@code GET} and no body. Text bodies
 * are gzip-compressed when the site allows it and the client accepts it.
 */
public final class Request {
  private final HttpChannel channel;
  private final String method;
  private final String target;
  private final String version;
  private final String path;
  private final Optional<String> rawQuery;
  private final List<String> segments;
  private final HttpHeaders headers;
  private final Optional<HttpStatusException> targetError;
  private final boolean expectContinue;

  /** The Expect field, or null (most requests). */
  private final String expect;

  private boolean continueSent;
  private Map<String, List<String>> args;
  private Map<String, String> cookies;
  private int prepathLength;

  private int status = 200;
  private final List<String[]> responseHeaders = new ArrayList<>(6);

  /** The {@link HttpHeaders#knownBit}s of the names in {@link #responseHeaders}. */
  private int responseKinds;

  private boolean headSent;
  private boolean finished;
  private boolean chunked;
  private boolean noBody;
  private boolean closeAfter;
  private long declaredLength = -1;
  private long bodyBytesSent;
  private GZIPOutputStream gzip;
  private ByteArrayOutputStream gzipBuffer;

  /** Created when {@link #notifyFinish()} is first asked before the end (most never are). */
  private Deferred<Void> finishedDeferred;

  private Optional<Throwable> lost = Optional.empty();

  private long bodyLimit;
  private BodyConsumer consumer;

  /** Body pieces that came before anyone read the body; created for the first one. */
  private List<ByteString> bodyBuffer;

  private long bodyReceived;
  private boolean bodyComplete;
  private Optional<Throwable> bodyError = Optional.empty();
  private boolean bodyRequested;

  Request(HttpChannel channel, RequestHead head, long bodyLimit) {
    this.channel = channel;
    this.method = head.method();
    this.target = head.target();
    this.version = head.version().text();
    this.headers = head.headers();
    this.bodyLimit = bodyLimit;
    this.expect = headers.lacks(HttpHeaders.EXPECT) ? null : headers.get("Expect").orElse(null);
    this.expectContinue =
        version.equals("HTTP/1.1")
            && expect != null
            && expect.strip().equalsIgnoreCase("100-continue");
    String t = target;
    if (t.startsWith("http://") || t.startsWith("https://")) {
      int slash = t.indexOf('/', t.indexOf("//") + 2);
      t = slash < 0 ? "/" : t.substring(slash);
    }
    int q = t.indexOf('?');
    this.path = q < 0 ? t : t.substring(0, q);
    this.rawQuery = q < 0 ? Optional.empty() : Optional.of(t.substring(q + 1));
    List<String> segs = List.of();
    Optional<HttpStatusException> error = Optional.empty();
    if (path.startsWith("/")) {
      try {
        segs = splitPath(path);
      } catch (HttpStatusException e) {
        error = Optional.of(e);
      }
    } else if (!path.equals("*")) {
      error = Optional.of(new HttpStatusException(400, "The request target must be a path."));
    }
    this.segments = segs;
    this.targetError = error;
  }

  /** The decoded segments of {@code path} (which starts with a slash), as an immutable list. */
  private static List<String> splitPath(String path) throws HttpStatusException {
    int count = 1;
    for (int i = path.indexOf('/', 1); i >= 0; i = path.indexOf('/', i + 1)) {
      count++;
    }
    if (count == 1) {
      return List.of(percentDecode(path.substring(1), false));
    }
    String[] segs = new String[count];
    int from = 1;
    for (int k = 0; k < count; k++) {
      int slash = k == count - 1 ? path.length() : path.indexOf('/', from);
      segs[k] = percentDecode(path.substring(from, slash), false);
      from = slash + 1;
    }
    return List.of(segs);
  }

  Optional<HttpStatusException> targetError() {
    return targetError;
  }

  /** The Expect field of the request, or null. */
  String expectField() {
    return expect;
  }

  boolean expectsContinue() {
    return expectContinue;
  }

  /**
   * True when the request has a body to come: a {@code Content-Length} above 0, or a {@code
   * Transfer-Encoding} (the parser refuses both at once).
   */
  boolean hasBody() {
    if (!headers.lacks(HttpHeaders.CONTENT_LENGTH)) {
      return channel.expectedBodyLength(this) > 0;
    }
    return headers.get("Transfer-Encoding").isPresent();
  }

  boolean continueSent() {
    return continueSent;
  }

  void markContinueSent() {
    continueSent = true;
  }

  void forceClose() {
    closeAfter = true;
  }

  // ---------------------------------------------------------------- request side

  /** The method, such as {@code GET}. */
  public String method() {
    return method;
  }

  /** The request target exactly as received (path and query, still percent-encoded). */
  public String target() {
    return target;
  }

  /** The protocol version, {@code HTTP/1.1} or {@code HTTP/1.0}. */
  public String version() {
    return version;
  }

  /** The path part of the target, still percent-encoded, such as {@code /a%20b/c}. */
  public String path() {
    return path;
  }

  /** The query part of the target (after {@code ?}), still encoded. */
  public Optional<String> rawQuery() {
    return rawQuery;
  }

  /** The decoded path segments: {@code /a%20b/c/} gives {@code ["a b", "c", ""]}. */
  public List<String> segments() {
    return segments;
  }

  /** The segments the site walked to reach the rendering resource. */
  public List<String> prepath() {
    return segments.subList(0, prepathLength);
  }

  /**
   * The segments left below the rendering resource (what a leaf resource such as a file serves).
   */
  public List<String> postpath() {
    return segments.subList(prepathLength, segments.size());
  }

  int prepathLength() {
    return prepathLength;
  }

  void walked(int count) {
    prepathLength = count;
  }

  /**
   * The query arguments, decoded ({@code +} is a space), each name with all its values in order.
   */
  public Map<String, List<String>> args() {
    if (args == null) {
      Map<String, List<String>> m = new LinkedHashMap<>();
      rawQuery.ifPresent(
          query -> {
            for (String pair : query.split("&")) {
              if (pair.isEmpty()) {
                continue;
              }
              int eq = pair.indexOf('=');
              String name = eq < 0 ? pair : pair.substring(0, eq);
              String value = eq < 0 ? "" : pair.substring(eq + 1);
              m.computeIfAbsent(formDecode(name), k -> new ArrayList<>()).add(formDecode(value));
            }
          });
      m.replaceAll((k, v) -> List.copyOf(v));
      args = Collections.unmodifiableMap(m);
    }
    return args;
  }

  /** The first value of query argument {@code name}. */
  public Optional<String> arg(String name) {
    List<String> values = args().get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(0));
  }

  /** The request's header fields, in the order received. */
  public HttpHeaders headers() {
    return headers;
  }

  /** The first value of header {@code name} (case-insensitive). */
  public Optional<String> header(String name) {
    return headers.get(name);
  }

  /** Every value of header {@code name} (case-insensitive), in order. */
  public List<String> headerValues(String name) {
    return headers.getAll(name);
  }

  /** The host the client asked for ({@code Host} header without the port), lower case. */
  public Optional<String> host() {
    return header("Host")
        .map(
            h -> {
              String v = h.strip().toLowerCase(Locale.ROOT);
              if (v.startsWith("[")) {
                int end = v.indexOf(']');
                return end < 0 ? v : v.substring(0, end + 1);
              }
              int colon = v.indexOf(':');
              return colon < 0 ? v : v.substring(0, colon);
            });
  }

  /** The cookies the client sent ({@code Cookie} headers), the first of each name. */
  public Map<String, String> cookies() {
    if (cookies == null) {
      Map<String, String> m = new LinkedHashMap<>();
      for (String line : headerValues("Cookie")) {
        for (String part : line.split(";")) {
          int eq = part.indexOf('=');
          if (eq > 0) {
            String name = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
              value = value.substring(1, value.length() - 1);
            }
            m.putIfAbsent(name, value);
          }
        }
      }
      cookies = Collections.unmodifiableMap(m);
    }
    return cookies;
  }

  /** The address of the client (the other end of the connection). */
  public SocketAddress clientAddress() {
    return channel.transport().peerAddress();
  }

  /** True if the request came over TLS. */
  public boolean isSecure() {
    return channel.secure();
  }

  /** The TLS session of the connection, when the request came over TLS. */
  public Optional<SSLSession> tlsSession() {
    return channel.transport() instanceof TlsTransport tls
        ? Optional.of(tls.session())
        : Optional.empty();
  }

  /** The site that received this request. */
  public Site site() {
    return channel.site();
  }

  /** The session of this client, created (with its cookie set on this response) if it has none. */
  public Session session() {
    return channel.site().sessions().sessionFor(this);
  }

  /** The session of this client if it has a live one; creates nothing. */
  public Optional<Session> existingSession() {
    return channel.site().sessions().existing(this);
  }

  /**
   * Lets this request's body be up to {@code maxBytes} long instead of the site's {@code maxBody};
   * call it before reading the body.
   */
  public void allowBody(long maxBytes) {
    bodyLimit = maxBytes;
  }

  /** The most body bytes this request accepts. */
  public long bodyLimit() {
    return bodyLimit;
  }

  /**
   * Reads the whole body. Fails with {@link HttpStatusException} 413 when it exceeds {@link
   * #bodyLimit()} (which, uncaught, answers 413 and closes the connection).
   */
  public Deferred<ByteString> body() {
    Deferred<ByteString> result = new Deferred<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    readBody(
        new BodyConsumer() {
          @Override
          public void bodyData(ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            out.writeBytes(b);
          }

          @Override
          public void bodyEnd() {
            result.callback(ByteString.wrapOwned(out.toByteArray()));
          }

          @Override
          public void bodyFailed(Throwable reason) {
            result.errback(reason);
          }
        });
    return result;
  }

  /**
   * Streams the body to {@code consumer}: what arrived already at once, the rest as it comes. Call
   * it once. It is also what tells a client that sent {@code Expect: 100-continue} to go on.
   */
  public void readBody(BodyConsumer consumer) {
    if (this.consumer != null || bodyRequested) {
      throw new IllegalStateException("the body of this request is already being read");
    }
    bodyRequested = true;
    this.consumer = consumer;
    if (channel.expectedBodyLength(this) > bodyLimit) {
      failBody(new HttpStatusException(413, "The request body is too large."));
      return;
    }
    if (bodyBuffer != null) {
      for (ByteString b : bodyBuffer) {
        consumer.bodyData(b.asByteBuffer());
      }
      bodyBuffer = null;
    }
    if (bodyError.isPresent()) {
      consumer.bodyFailed(bodyError.get());
    } else if (bodyComplete) {
      consumer.bodyEnd();
    } else {
      channel.bodyWanted(this);
    }
  }

  /** Stops reading the connection (and so the body) until {@link #resumeBody()}. */
  public void pauseBody() {
    channel.pauseBody(this);
  }

  /** Goes on reading the body. */
  public void resumeBody() {
    channel.resumeBody(this);
  }

  boolean bodyRequested() {
    return bodyRequested;
  }

  boolean bodyComplete() {
    return bodyComplete;
  }

  /**
   * Called by the channel with body bytes (lent). Returns false once the request is over its limit.
   */
  void bodyChunk(ByteBuffer data) {
    if (bodyError.isPresent()) {
      return;
    }
    bodyReceived += data.remaining();
    if (bodyReceived > bodyLimit) {
      failBody(new HttpStatusException(413, "The request body is too large."));
      return;
    }
    if (consumer != null) {
      consumer.bodyData(data);
    } else {
      if (bodyBuffer == null) {
        bodyBuffer = new ArrayList<>();
      }
      bodyBuffer.add(ByteString.copyOf(data));
    }
  }

  void bodyEnded() {
    bodyComplete = true;
    if (consumer != null && bodyError.isEmpty()) {
      consumer.bodyEnd();
    }
  }

  void failBody(Throwable reason) {
    if (bodyError.isPresent() || bodyComplete) {
      return;
    }
    bodyError = Optional.of(reason);
    bodyBuffer = null;
    channel.bodyFailed(this, reason);
    if (consumer != null) {
      consumer.bodyFailed(reason);
    }
  }

  long bodyReceived() {
    return bodyReceived;
  }

  /**
   * What the client did wrong when {@code renderError} comes from it, not from the server: the
   * request body failed with a 4xx status (too slow, too large, broken framing; found on the body
   * or in the error's causes), or the client left. Empty for a server fault.
   */
  Optional<String> clientFault(Throwable renderError) {
    for (Throwable t = renderError; t != null; t = t.getCause()) {
      if (t instanceof HttpStatusException e && e.status() >= 400 && e.status() < 500) {
        return Optional.of(e.status() + " " + e.getMessage());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (bodyError.isPresent()) {
      Throwable reason = bodyError.get();
      if (reason instanceof HttpStatusException e && e.status() >= 400 && e.status() < 500) {
        return Optional.of(e.status() + " " + e.getMessage());
      }
    }
    if (lost.isPresent()) {
      return Optional.of("the client left: " + lost.get());
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- response side

  /** Sets the response status (before anything is written). */
  public void setStatus(int code) {
    checkHeadNotSent();
    if (code < 100 || code > 999) {
      throw new IllegalArgumentException("bad status " + code);
    }
    status = code;
  }

  /** The response status (200 unless set). */
  public int status() {
    return status;
  }

  /** Sets response header {@code name} to {@code value}, replacing earlier values. */
  public void setHeader(String name, String value) {
    removeHeader(name);
    addHeader(name, value);
  }

  /** Adds a value of response header {@code name}. */
  public void addHeader(String name, String value) {
    checkHeadNotSent();
    if (!HttpHeaders.isToken(name)) {
      throw new IllegalArgumentException("a header name is a token: " + name);
    }
    checkValueLine(name, value);
    putHeader(name, value);
  }

  private static void checkValueLine(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException("a header value has no CR, LF or NUL: " + name);
      }
    }
  }

  private void putHeader(String name, String value) {
    putHeader(name, value, HttpHeaders.knownBit(name));
  }

  private void putHeader(String name, String value, int kind) {
    responseHeaders.add(new String[] {name, value});
    responseKinds |= kind;
  }

  /** {@link #setHeader} for a well-known name (a valid token) and its {@link HttpHeaders} bit. */
  private void setKnownHeader(String name, int kind, String value) {
    checkHeadNotSent();
    checkValueLine(name, value);
    removeResponseHeader(name, kind);
    putHeader(name, value, kind);
  }

  private boolean maySet(int kind) {
    return kind == 0 || (responseKinds & kind) != 0;
  }

  private void recountKinds() {
    int kinds = 0;
    for (String[] h : responseHeaders) {
      kinds |= HttpHeaders.knownBit(h[0]);
    }
    responseKinds = kinds;
  }

  /** Removes every value of response header {@code name}. */
  public void removeHeader(String name) {
    checkHeadNotSent();
    removeResponseHeader(name);
  }

  private void removeResponseHeader(String name) {
    removeResponseHeader(name, HttpHeaders.knownBit(name));
  }

  private void removeResponseHeader(String name, int kind) {
    if (!maySet(kind)) {
      return;
    }
    for (int i = responseHeaders.size() - 1; i >= 0; i--) {
      if (responseHeaders.get(i)[0].equalsIgnoreCase(name)) {
        responseHeaders.remove(i);
      }
    }
    recountKinds();
  }

  /** The first value of response header {@code name} set so far. */
  public Optional<String> responseHeader(String name) {
    return responseHeader(name, HttpHeaders.knownBit(name));
  }

  private Optional<String> responseHeader(String name, int kind) {
    if (!maySet(kind)) {
      return Optional.empty();
    }
    for (String[] h : responseHeaders) {
      if (h[0].equalsIgnoreCase(name)) {
        return Optional.of(h[1]);
      }
    }
    return Optional.empty();
  }

  /** Adds a {@code Set-Cookie} header. */
  public void addCookie(Cookie cookie) {
    addHeader("Set-Cookie", cookie.toSetCookie());
  }

  /** True once the status line and headers were sent. */
  public boolean headSent() {
    return headSent;
  }

  /** True once {@link #finish()} was called. */
  public boolean finished() {
    return finished;
  }

  /**
   * Fires when the response has been handed to the connection in full, or fails with the reason
   * when the connection was lost first. Use it to stop streaming to a client that left.
   */
  public Deferred<Void> notifyFinish() {
    Deferred<Void> d = new Deferred<>();
    if (finished) {
      d.callback(null);
    } else if (lost.isPresent()) {
      d.errback(lost.get());
    } else {
      if (finishedDeferred == null) {
        finishedDeferred = new Deferred<>();
      }
      finishedDeferred.addBoth(
          o -> {
            if (o instanceof dev.braid.defer.Outcome.Failure<Void> f) {
              d.errback(f.error());
            } else {
              d.callback(null);
            }
            return null;
          });
    }
    return d;
  }

  /**
   * Writes a piece of the body; sends the head first if needed. The bytes are taken, not copied.
   */
  public void write(ByteString data) {
    write(data.asByteBuffer());
  }

  /** Writes {@code text} as UTF-8. */
  public void write(String text) {
    write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes a buffer of the body; the buffer is given away (the caller must not touch it again). */
  public void write(ByteBuffer data) {
    if (finished) {
      throw new IllegalStateException("the response is finished");
    }
    if (lost.isPresent()) {
      return;
    }
    if (!headSent) {
      sendHead(-1, data);
      return;
    }
    writeBody(data);
  }

  /**
   * Sends {@code count} bytes of {@code file} from {@code position} as the next part of the body
   * straight from the file to the socket ({@code sendfile}), when the connection allows it: plain
   * TCP ({@link FileSending}) and a body sent as it is (a {@code Content-Length}, no chunking, no
   * gzip). Returns the bytes sent, possibly fewer than asked (0 when the socket is full: call again
   * from the registered pull producer's next {@code resumeProducing}), or -1 when zero-copy is not
   * possible here: write the bytes instead.
   */
  public long transferFile(FileChannel file, long position, long count) {
    if (finished) {
      throw new IllegalStateException("the response is finished");
    }
    if (!headSent) {
      sendHead(-1, null);
    }
    if (noBody
        || gzip != null
        || chunked
        || lost.isPresent()
        || !(channel.transport() instanceof FileSending sending)) {
      return -1;
    }
    if (declaredLength >= 0 && bodyBytesSent + count > declaredLength) {
      throw new IllegalStateException(
          "the body is longer than its Content-Length " + declaredLength);
    }
    long sent = sending.sendFile(file, position, count);
    bodyBytesSent += sent;
    return sent;
  }

  /**
   * Registers a producer of the response body with the connection: a push producer is paused when
   * the client reads slower than it writes, a pull producer is asked for more when the connection
   * is drained. Unregister it before {@link #finish()}.
   */
  public void registerProducer(Producer producer) {
    if (!headSent) {
      sendHead(-1, null);
    }
    channel.transport().registerProducer(producer);
  }

  /** Unregisters the producer registered with {@link #registerProducer}. */
  public void unregisterProducer() {
    channel.transport().unregisterProducer();
  }

  /** Ends the response (sending the head if nothing was written). Calling it twice fails. */
  public void finish() {
    if (finished) {
      throw new IllegalStateException("the response is already finished");
    }
    if (!headSent) {
      sendHead(0, null);
    }
    if (lost.isEmpty()) {
      if (gzip != null) {
        try {
          gzip.finish();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        emitGzip();
      }
      if (chunked) {
        channel.transport().write(ByteBuffer.wrap(LAST_CHUNK));
      }
      if (declaredLength >= 0 && bodyBytesSent < declaredLength && !noBody) {
        closeAfter = true;
      }
    }
    finished = true;
    channel.responseFinished(this);
    if (lost.isEmpty() && finishedDeferred != null) {
      finishedDeferred.callback(null);
    }
  }

  /**
   * Sends a whole response: {@code status}, {@code Content-Type} and {@code body} with its length,
   * then finishes. Returns an already fired Deferred, to return from {@link Resource#render}.
   */
  public Deferred<Void> respond(int status, String contentType, ByteString body) {
    setStatus(status);
    setKnownHeader("Content-Type", HttpHeaders.CONTENT_TYPE, contentType);
    setKnownHeader("Content-Length", HttpHeaders.CONTENT_LENGTH, Long.toString(body.size()));
    if (!body.isEmpty()) {
      write(body);
    }
    finish();
    return Deferred.succeed(null);
  }

  /** Sends {@code html} as a whole {@code text/html} 200 response. */
  public Deferred<Void> respondHtml(String html) {
    return respond(200, "text/html; charset=utf-8", ByteString.utf8(html));
  }

  /** Sends a small error page with {@code status} and {@code message} (escaped), then finishes. */
  public Deferred<Void> respondError(int status, String message) {
    String title = status + " " + HttpStatus.reasonPhrase(status);
    return respond(
        status,
        "text/html; charset=utf-8",
        ByteString.utf8(Html.page(title, "<p>" + Html.escape(message) + "</p>")));
  }

  /**
   * Redirects with {@code status} (301, 302, 303, 307 or 308) to {@code location}, escaped on the
   * page.
   */
  public Deferred<Void> redirect(int status, String location) {
    setHeader("Location", location);
    String link = Html.escape(location);
    return respond(
        status,
        "text/html; charset=utf-8",
        ByteString.utf8(
            Html.page(
                status + " " + HttpStatus.reasonPhrase(status),
                "<p>Moved to <a href=\"" + link + "\">" + link + "</a>.</p>")));
  }

  /**
   * Answers a failed render: {@link HttpStatusException}s with their status, anything else with
   * 500.
   */
  void renderFailed(Throwable error) {
    if (finished) {
      return;
    }
    if (headSent) {
      channel.abort(this);
      return;
    }
    responseHeaders.removeIf(h -> !h[0].equalsIgnoreCase("Allow"));
    recountKinds();
    if (error instanceof HttpStatusException e) {
      if (e.status() == 413 || e.status() == 408) {
        closeAfter = true;
      }
      respondError(e.status(), e.getMessage());
      return;
    }
    String detail = "The server failed to answer this request.";
    if (channel.site().settings().showTracebacks()) {
      StringWriter w = new StringWriter();
      error.printStackTrace(new PrintWriter(w));
      String title = "500 " + HttpStatus.reasonPhrase(500);
      respond(
          500,
          "text/html; charset=utf-8",
          ByteString.utf8(Html.page(title, "<pre>" + Html.escape(w.toString()) + "</pre>")));
      return;
    }
    respondError(500, detail);
  }

  void connectionLost(Throwable reason) {
    if (lost.isPresent()) {
      return;
    }
    lost = Optional.of(reason);
    failBody(reason);
    if (!finished && finishedDeferred != null) {
      finishedDeferred.errback(reason);
      finishedDeferred.addErrback(e -> null);
    }
  }

  boolean closeAfter() {
    return closeAfter;
  }

  long bodyBytesSent() {
    return bodyBytesSent;
  }

  // ---------------------------------------------------------------- framing

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private void checkHeadNotSent() {
    if (headSent) {
      throw new IllegalStateException("the response head was already sent");
    }
  }

  /**
   * Sends the status line and headers; {@code wholeLength} is 0 when finishing with no body. {@code
   * firstPiece}, when not null, is the first piece of the body: a small one goes out in the same
   * buffer as the head (one buffer per small response, and so one socket write for a whole batch of
   * pipelined responses); a large one, or one that is compressed or chunked, follows the head.
   */
  private void sendHead(long wholeLength, ByteBuffer firstPiece) {
    boolean head = method.equals("HEAD");
    noBody = head || status == 204 || status == 304 || status < 200;
    Optional<String> cl = responseHeader("Content-Length", HttpHeaders.CONTENT_LENGTH);
    if (status == 204 || status < 200) {
      removeResponseHeader("Content-Length", HttpHeaders.CONTENT_LENGTH);
      cl = Optional.empty();
    }
    if (shouldGzip(cl)) {
      removeResponseHeader("Content-Length");
      cl = Optional.empty();
      putHeader("Content-Encoding", "gzip");
      putHeader("Vary", "Accept-Encoding");
      if (!noBody) {
        gzipBuffer = new ByteArrayOutputStream();
        try {
          gzip = new GZIPOutputStream(gzipBuffer, 8192, true);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      wholeLength = -1;
    }
    if (cl.isPresent()) {
      declaredLength = Long.parseLong(cl.get());
    } else if (status == 304 || status == 204 || status < 200) {
      declaredLength = 0;
    } else if (wholeLength == 0 && !head) {
      putHeader("Content-Length", "0");
      declaredLength = 0;
    } else if (head) {
      declaredLength = 0;
    } else if (version.equals("HTTP/1.1")) {
      chunked = true;
      putHeader("Transfer-Encoding", "chunked");
    } else {
      closeAfter = true;
    }
    boolean keepAlive = channel.keepAlive(this) && !closeAfter;
    if (!keepAlive) {
      closeAfter = true;
    }
    boolean hasDate = (responseKinds & HttpHeaders.DATE) != 0;
    boolean hasServer = (responseKinds & HttpHeaders.SERVER) != 0;
    boolean hasConnection = (responseKinds & HttpHeaders.CONNECTION) != 0;
    int size = 64;
    for (String[] h : responseHeaders) {
      size += h[0].length() + h[1].length() + 4;
    }
    byte[] dateLine = hasDate ? null : channel.site().dateLine();
    byte[] serverLine = hasServer ? null : channel.site().serverLine();
    byte[] statusLine = HeadBytes.statusLine(status);
    size += statusLine.length + (dateLine == null ? 0 : dateLine.length);
    size += serverLine == null ? 0 : serverLine.length;
    int piece = 0;
    boolean joined =
        firstPiece != null
            && gzip == null
            && !chunked
            && !noBody
            && firstPiece.remaining() <= HeadBytes.JOIN_LIMIT
            && (declaredLength < 0 || firstPiece.remaining() <= declaredLength);
    if (joined) {
      piece = firstPiece.remaining();
    }
    HeadBytes b = new HeadBytes(size + piece);
    b.put(statusLine);
    for (String[] h : responseHeaders) {
      if (!hasConnection || !h[0].equalsIgnoreCase("Connection")) {
        if (HttpHeaders.knownBit(h[0]) != 0) {
          b.putFieldCached(h[0], h[1]); // framing and content fields, not cookies or custom ones
        } else {
          b.putField(h[0], h[1]);
        }
      }
    }
    if (dateLine != null) {
      b.put(dateLine);
    }
    if (serverLine != null) {
      b.put(serverLine);
    }
    if (!keepAlive) {
      b.put(HeadBytes.CONNECTION_CLOSE);
    } else if (version.equals("HTTP/1.0")) {
      b.put(HeadBytes.CONNECTION_KEEP_ALIVE);
    }
    b.put(CRLF);
    headSent = true;
    if (joined) {
      b.put(firstPiece);
      bodyBytesSent += piece;
      channel.transport().write(b.toBuffer());
      return;
    }
    channel.transport().write(b.toBuffer());
    if (firstPiece != null) {
      writeBody(firstPiece);
    }
  }

  private boolean shouldGzip(Optional<String> contentLength) {
    if (!channel.site().settings().gzip()
        || status != 200
        || headers.lacks(HttpHeaders.ACCEPT_ENCODING)) {
      return false;
    }
    if ((responseKinds & (HttpHeaders.CONTENT_ENCODING | HttpHeaders.CONTENT_RANGE)) != 0) {
      return false;
    }
    Optional<String> type = responseHeader("Content-Type", HttpHeaders.CONTENT_TYPE);
    if (type.isEmpty() || !isCompressible(type.get())) {
      return false;
    }
    if (contentLength.isPresent()) {
      try {
        if (Long.parseLong(contentLength.get()) < channel.site().settings().gzipMinSize()) {
          return false;
        }
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return acceptsGzip();
  }

  private boolean acceptsGzip() {
    if (headers.lacks(HttpHeaders.ACCEPT_ENCODING)) {
      return false;
    }
    for (String line : headerValues("Accept-Encoding")) {
      for (String part : line.split(",")) {
        String[] params = part.strip().split(";");
        String coding = params[0].strip().toLowerCase(Locale.ROOT);
        if (coding.equals("gzip") || coding.equals("x-gzip") || coding.equals("*")) {
          for (int i = 1; i < params.length; i++) {
            String p = params[i].strip().toLowerCase(Locale.ROOT);
            if (p.startsWith("q=")) {
              try {
                if (Double.parseDouble(p.substring(2)) <= 0) {
                  return false;
                }
              } catch (NumberFormatException e) {
                return false;
              }
            }
          }
          return true;
        }
      }
    }
    return false;
  }

  /** True for text types worth compressing: text/*, JSON, JavaScript, XML, SVG. */
  static boolean isCompressible(String contentType) {
    for (String prefix : COMPRESSIBLE) {
      if (contentType.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return true;
      }
    }
    return false;
  }

  private static final String[] COMPRESSIBLE = {
    "text/", "application/json", "application/javascript", "application/xml", "image/svg+xml"
  };

  private void writeBody(ByteBuffer data) {
    if (noBody || !data.hasRemaining()) {
      return;
    }
    if (gzip != null) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      try {
        gzip.write(b);
        gzip.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      emitGzip();
      return;
    }
    int n = data.remaining();
    if (declaredLength >= 0 && bodyBytesSent + n > declaredLength) {
      throw new IllegalStateException(
          "the body is longer than its Content-Length " + declaredLength);
    }
    bodyBytesSent += n;
    if (chunked) {
      ByteBuffer size =
          ByteBuffer.wrap((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      channel.transport().writeSequence(List.of(size, data, ByteBuffer.wrap(CRLF)));
    } else {
      channel.transport().write(data);
    }
  }

  private void emitGzip() {
    if (gzipBuffer.size() == 0) {
      return;
    }
    byte[] out = gzipBuffer.toByteArray();
    gzipBuffer.reset();
    bodyBytesSent += out.length;
    if (chunked) {
      channel
          .transport()
          .writeSequence(
              List.of(
                  ByteBuffer.wrap(
                      (Integer.toHexString(out.length) + "\r\n")
                          .getBytes(StandardCharsets.US_ASCII)),
                  ByteBuffer.wrap(out),
                  ByteBuffer.wrap(CRLF)));
    } else {
      channel.transport().write(ByteBuffer.wrap(out));
    }
  }

  // ---------------------------------------------------------------- decoding

  /** Decodes %XX escapes (UTF-8); malformed escapes or bytes are a 400. */
  static String percentDecode(String s, boolean plusIsSpace) throws HttpStatusException {
    if (s.indexOf('%') < 0 && !(plusIsSpace && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new HttpStatusException(400, "Bad percent-encoding in the request target.");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new HttpStatusException(400, "Bad percent-encoding in the request target.");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      return decoder.decode(ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new HttpStatusException(400, "The request target is not UTF-8.");
    }
  }

  private static String formDecode(String s) {
    try {
      return percentDecode(s, true);
    } catch (HttpStatusException e) {
      return s;
    }
  }

  @Override
  public String toString() {
    return method + " " + target;
  }
}
