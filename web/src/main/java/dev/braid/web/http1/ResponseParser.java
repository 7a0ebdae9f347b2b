package dev.braid.web.http1;

import dev.braid.protocols.StreamParser;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A strict, sans-IO parser of HTTP/1.1 responses (RFC 9112), for clients and proxies. Feed it bytes
 * as they arrive; it reports {@link InterimResponse}s (1xx other than 101), then each response as a
 * {@link ResponseHead}, {@link BodyChunk}s and a {@link MessageEnd}.
 *
 * <p>The body follows RFC 9112 section 6.3: none for a response to HEAD, for 1xx, 204 and 304;
 * none, and the connection becomes a tunnel, for a 2xx answer to CONNECT and for 101; chunked when
 * Transfer-Encoding is exactly {@code chunked}; Content-Length bytes when that is given; otherwise
 * until the connection closes ({@link #endOfInput}). Tell it the method of each request sent with
 * {@link #requestSent} (pipelined requests queue up); without one it assumes {@code GET}.
 *
 * <p>The same framing rules as {@link RequestParser} apply (CRLF only, tokens, one Content-Length,
 * only {@code chunked}); every error reports status 502. After an error the parser is failed. After
 * a tunnel starts, {@code feed} consumes nothing more.
 *
 * <p>It follows the parser contract of {@link StreamParser} as {@link RequestParser} does: {@link
 * #next} gives one event at a time, {@link #feed} every event, {@link #bufferedBytes()} what is
 * held of a head, errors are {@link HttpParseException}s.
 *
 * <p>Not thread-safe: one parser per connection, on its reactor thread. Buffers passed to {@link
 * #feed} are only read during the call.
 */
public final class ResponseParser implements StreamParser<ResponseEvent> {
  /** The limits used by {@link #ResponseParser()}: the defaults, with no body limit. */
  public static final HttpLimits CLIENT_LIMITS = HttpLimits.DEFAULT.withMaxBody(Long.MAX_VALUE);

  private final Engine engine;

  /** A parser with {@link #CLIENT_LIMITS}. */
  public ResponseParser() {
    this(CLIENT_LIMITS);
  }

  /** A parser with {@code limits}. */
  public ResponseParser(HttpLimits limits) {
    this.engine = new Engine(limits);
  }

  /** Records that a request with {@code method} was sent; responses are matched in order. */
  public void requestSent(String method) {
    engine.methods.add(method);
  }

  /**
   * Consumes bytes from {@code data} and passes each event to {@code sink}, synchronously, until
   * {@code data} is used up, the sink called {@link #pause()}, or a tunnel started; unconsumed
   * bytes stay in {@code data}.
   *
   * @throws HttpParseException (status 502) when the response is malformed; the parser is failed
   */
  @Override
  public void feed(ByteBuffer data, Consumer<? super ResponseEvent> sink)
      throws HttpParseException {
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
  public Optional<ResponseEvent> next(ByteBuffer data) throws HttpParseException {
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
   * Reports that the connection closed: ends a body delimited by the close, does nothing between
   * responses, and throws when a response was cut short.
   *
   * @throws HttpParseException (502) when the connection closed in the middle of a response
   */
  public void endOfInput(Consumer<? super ResponseEvent> sink) throws HttpParseException {
    engine.endOfInputInternal(sink);
  }

  /** Makes {@link #feed} return after the event being delivered; call it from the sink. */
  public void pause() {
    engine.pauseInternal();
  }

  /** Sets the largest body of the current response (after its head); beyond it, an error. */
  public void allowBody(long maxBytes) {
    engine.allowBodyInternal(maxBytes);
  }

  /** Whether part of a response has been read (false between responses). */
  public boolean inProgress() {
    return engine.inProgress() && !engine.tunnelled();
  }

  /** Whether the current response's body lasts until the connection closes. */
  public boolean readingUntilClose() {
    return engine.readingUntilClose();
  }

  /**
   * Whether the connection became a tunnel (101, or 2xx to CONNECT) or ended a body read until
   * close: the parser reads nothing more.
   */
  public boolean finished() {
    return engine.tunnelled();
  }

  /** Whether the parser has thrown an {@link HttpParseException}. */
  public boolean failed() {
    return engine.failed();
  }

  private static final class Engine extends MessageParser<ResponseEvent> {
    final ArrayDeque<String> methods = new ArrayDeque<>();
    private HttpVersion version;
    private int status;
    private String reason;

    Engine(HttpLimits limits) {
      super(limits);
    }

    @Override
    int status(int requestStatus) {
      return 502;
    }

    @Override
    boolean skipsLeadingEmptyLines() {
      return false;
    }

    @Override
    void startLine(byte[] line, int length) throws HttpParseException {
      for (int i = 0; i < length; i++) {
        int c = line[i] & 0xff;
        if (!HttpHeaders.isValueChar(c)) {
          throw error(400, "control character in the status line");
        }
      }
      if (length < 12 || line[8] != ' ' || (length > 12 && line[12] != ' ')) {
        throw error(400, "status line is not version SP status SP reason");
      }
      HttpVersion v = version(takeLine(0, 8));
      int s = 0;
      for (int i = 9; i < 12; i++) {
        if (line[i] < '0' || line[i] > '9') {
          throw error(400, "status code is not three digits");
        }
        s = s * 10 + (line[i] - '0');
      }
      if (s < 100) {
        throw error(400, "status code below 100");
      }
      version = v;
      status = s;
      reason = length > 12 ? takeLine(13, length) : "";
    }

    @Override
    Framing endOfHead(HttpHeaders headers, Consumer<? super ResponseEvent> sink)
        throws HttpParseException {
      ResponseHead head = new ResponseHead(version, status, reason, headers);
      if (status / 100 == 1 && status != 101) {
        sink.accept(new InterimResponse(head));
        return Framing.INTERIM;
      }
      String method = methods.isEmpty() ? "GET" : methods.poll();
      Framing framing;
      if (status == 101 || (method.equals("CONNECT") && status / 100 == 2)) {
        framing = Framing.TUNNEL;
      } else if (method.equals("HEAD") || status == 204 || status == 304) {
        framing = Framing.NONE;
      } else {
        framing = bodyFraming(headers, Framing.UNTIL_CLOSE);
      }
      sink.accept(head);
      return framing;
    }
  }
}
