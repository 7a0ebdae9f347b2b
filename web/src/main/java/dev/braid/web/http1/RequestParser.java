package dev.braid.web.http1;

import dev.braid.protocols.StreamParser;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A strict, sans-IO parser of HTTP/1.1 requests (RFC 9112). Feed it bytes as they arrive; it
 * reports each request as a {@link RequestHead}, {@link BodyChunk}s and a {@link MessageEnd}, then
 * goes on with the next pipelined request.
 *
 * <p>What it refuses, with the status a server should answer before closing: bare CR, bare LF or
 * NUL (400); a request line that is not {@code method SP target SP HTTP/d.d} with single spaces, a
 * method that is not a token, a target with whitespace, controls or non-URI characters (400); a
 * version other than 1.0 and 1.1 (505); a field name that is not a token or is followed by
 * whitespace, obs-fold (400); a missing or repeated Host in HTTP/1.1, or a Host that is not {@code
 * uri-host [":" port]} (400); Content-Length that is not only digits, repeated (even with the same
 * value) or sent with Transfer-Encoding (400); a Transfer-Encoding other than exactly {@code
 * chunked} (400, or 501 for an unknown coding); chunk sizes that are not hex or overflow, malformed
 * chunk extensions (400); and the {@link HttpLimits} (414, 431, 413). Empty lines before a request
 * line are skipped (RFC 9112 section 2.2), within the request-line limit.
 *
 * <p>After an {@link HttpParseException} the parser is failed: every later {@code feed} throws the
 * same exception, so no request is ever read from the bytes after an error.
 *
 * <p>It follows the parser contract of {@link StreamParser}, its events being the messages: a
 * caller lends buffers to {@link #next} (one event at a time) or {@link #feed} (every event, until
 * the sink calls {@link #pause()}), {@link #bufferedBytes()} is what it holds of a head, the limits
 * are one {@link HttpLimits} record and every error is an {@link HttpParseException}.
 *
 * <p>Not thread-safe: use one parser per connection, on the connection's reactor thread. The
 * buffers passed to {@link #feed} are only read during the call; events hold copies.
 */
public final class RequestParser implements StreamParser<RequestEvent> {
  private final Engine engine;

  /** A parser with {@link HttpLimits#DEFAULT}. */
  public RequestParser() {
    this(HttpLimits.DEFAULT);
  }

  /** A parser with {@code limits}. */
  public RequestParser(HttpLimits limits) {
    this.engine = new Engine(limits);
  }

  /**
   * Consumes bytes from {@code data} (advancing its position) and passes each event to {@code
   * sink}, synchronously. It returns when {@code data} is used up, or right after the event during
   * which the sink called {@link #pause()}; the bytes not consumed stay in {@code data} (call
   * {@code feed} again, even with an empty buffer, to go on).
   *
   * @throws HttpParseException when the input breaks the grammar or a limit; the parser is failed
   */
  @Override
  public void feed(ByteBuffer data, Consumer<? super RequestEvent> sink) throws HttpParseException {
    engine.feedInternal(data, sink);
  }

  /**
   * The parser contract's pull form of {@link #feed}: consumes {@code data} up to the end of the
   * next event and returns it, or consumes all of it and returns empty when it completes no event
   * yet (a tunnel consumes nothing). {@link #feed} is the loop for callers that take every event;
   * it makes no object per message beyond the events themselves.
   *
   * @throws HttpParseException as {@link #feed} does
   */
  @Override
  public Optional<RequestEvent> next(ByteBuffer data) throws HttpParseException {
    return engine.nextInternal(data);
  }

  /**
   * The bytes of the head (or chunk line, or trailers) being read that no event has reported yet;
   * never more than the {@link HttpLimits} allow. Body bytes are not held: they come out as {@link
   * BodyChunk}s.
   */
  @Override
  public int bufferedBytes() {
    return engine.bufferedBytesInternal();
  }

  /**
   * Makes {@link #feed} return after the event being delivered; call it from the sink, for example
   * to stop reading pipelined requests while one is being answered, or before an upgrade.
   */
  public void pause() {
    engine.pauseInternal();
  }

  /**
   * Sets the largest body the current request may have (413 beyond it), overriding {@link
   * HttpLimits#maxBody()} for this request only. Call it after its {@link RequestHead} and before
   * its body is read: from the sink, or while paused after the head.
   */
  public void allowBody(long maxBytes) {
    engine.allowBodyInternal(maxBytes);
  }

  /** Whether part of a request has been read (false between requests). */
  public boolean inProgress() {
    return engine.inProgress();
  }

  /** Whether the parser has thrown an {@link HttpParseException}. */
  public boolean failed() {
    return engine.failed();
  }

  private static final class Engine extends MessageParser<RequestEvent> {
    private static final String[] METHODS = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"
    };

    private String method;
    private String target;
    private HttpVersion version;

    Engine(HttpLimits limits) {
      super(limits);
    }

    @Override
    int status(int requestStatus) {
      return requestStatus;
    }

    @Override
    boolean skipsLeadingEmptyLines() {
      return true;
    }

    @Override
    void startLine(byte[] line, int length) throws HttpParseException {
      int sp1 = -1;
      int sp2 = -1;
      for (int i = 0; i < length; i++) {
        byte b = line[i];
        if ((b & 0xff) > ' ' && b != 0x7f) {
          continue; // the common case: a visible character
        }
        if (b == ' ') {
          if (sp1 < 0) {
            sp1 = i;
          } else if (sp2 < 0) {
            sp2 = i;
          } else {
            throw error(400, "request line has more than two spaces");
          }
        } else if (b == '\t' || (b & 0xff) < 0x20 || b == 0x7f) {
          throw error(400, "control character or tab in the request line");
        }
      }
      if (sp1 <= 0 || sp2 < 0 || sp2 == sp1 + 1 || sp2 == length - 1) {
        throw error(400, "request line is not method SP target SP version");
      }
      String m = takeKnown(0, sp1, METHODS);
      if (!HttpHeaders.isToken(m)) {
        throw error(400, "method is not a token");
      }
      HttpVersion v = version(takeKnown(sp2 + 1, length, VERSIONS));
      String t = takeLine(sp1 + 1, sp2);
      if (!RequestTargets.isValid(m, t)) {
        throw error(400, "invalid request target");
      }
      method = m;
      target = t;
      version = v;
    }

    @Override
    Framing endOfHead(HttpHeaders headers, Consumer<? super RequestEvent> sink)
        throws HttpParseException {
      int hosts = hostFields;
      String host = hostValue;
      if (hosts > 1) {
        throw error(400, "more than one Host field");
      }
      if (hosts == 0 && version == HttpVersion.HTTP_1_1) {
        throw error(400, "HTTP/1.1 request without Host");
      }
      if (host != null && !RequestTargets.isHostAndPort(host)) {
        throw error(400, "Host is not host[:port]");
      }
      if (version == HttpVersion.HTTP_1_0 && headers.contains("Transfer-Encoding")) {
        throw error(400, "Transfer-Encoding in an HTTP/1.0 request");
      }
      Framing framing = bodyFraming(headers, Framing.NONE);
      sink.accept(new RequestHead(method, target, version, headers));
      return framing;
    }
  }
}
