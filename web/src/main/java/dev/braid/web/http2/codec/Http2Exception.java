package dev.braid.web.http2.codec;

import dev.braid.protocols.BadInputException;
import java.util.Objects;

/**
 * The peer sent HTTP/2 or HPACK input that breaks RFC 9113, RFC 7541 or one of the {@link
 * Http2Limits}. {@link #error()} is the RFC's error code to answer with: in a GOAWAY frame for a
 * {@linkplain #isConnectionError() connection error} (the connection then closes), in an RST_STREAM
 * frame on {@link #streamId()} for a stream error (the connection goes on).
 *
 * <p>After a connection error, the parser or decoder that threw is failed for good. After a stream
 * error the frame parser has consumed the whole bad frame and can parse the next one.
 */
public final class Http2Exception extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final Http2Error error;
  private final int streamId;

  private Http2Exception(Http2Error error, int streamId, String message) {
    super(message);
    this.error = Objects.requireNonNull(error, "error");
    this.streamId = streamId;
  }

  /** A connection error: answered with GOAWAY carrying {@code error}, then the close. */
  public static Http2Exception connection(Http2Error error, String message) {
    return new Http2Exception(error, 0, message);
  }

  /**
   * A stream error on stream {@code streamId} (not 0): answered with RST_STREAM carrying {@code
   * error}.
   */
  public static Http2Exception stream(int streamId, Http2Error error, String message) {
    if (streamId <= 0) {
      throw new IllegalArgumentException("a stream error needs a stream, got " + streamId);
    }
    return new Http2Exception(error, streamId, message);
  }

  /** The RFC 9113 error code to answer with. */
  public Http2Error error() {
    return error;
  }

  /** The stream of a stream error; 0 for a connection error. */
  public int streamId() {
    return streamId;
  }

  /** True if the whole connection must end (GOAWAY), false if only {@link #streamId()} is reset. */
  public boolean isConnectionError() {
    return streamId == 0;
  }
}
