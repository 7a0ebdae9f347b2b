package dev.braid.web.http2.codec;

import java.util.Optional;

/**
 * The error codes of RFC 9113 section 7, carried by RST_STREAM and GOAWAY frames and by {@link
 * Http2Exception}. A code this enum does not know is kept as a number where a frame carries it
 * ({@link Http2Frame.RstStream#errorCode()}): the RFC says unknown codes must not trigger special
 * behaviour.
 */
public enum Http2Error {
  /** 0x0: not an error (a graceful GOAWAY). */
  NO_ERROR(0x0),
  /** 0x1: the peer broke the protocol. */
  PROTOCOL_ERROR(0x1),
  /** 0x2: an unexpected internal error. */
  INTERNAL_ERROR(0x2),
  /** 0x3: the peer broke the flow-control protocol. */
  FLOW_CONTROL_ERROR(0x3),
  /** 0x4: a SETTINGS frame was not acknowledged in time. */
  SETTINGS_TIMEOUT(0x4),
  /** 0x5: a frame arrived on a half-closed stream. */
  STREAM_CLOSED(0x5),
  /** 0x6: a frame had an invalid size. */
  FRAME_SIZE_ERROR(0x6),
  /** 0x7: the stream was refused before any processing. */
  REFUSED_STREAM(0x7),
  /** 0x8: the stream is no longer needed. */
  CANCEL(0x8),
  /** 0x9: the header compression context cannot be kept. */
  COMPRESSION_ERROR(0x9),
  /** 0xa: the connection of a CONNECT request was reset or closed. */
  CONNECT_ERROR(0xa),
  /** 0xb: the peer is generating excessive load. */
  ENHANCE_YOUR_CALM(0xb),
  /** 0xc: the transport does not meet the minimum security requirements. */
  INADEQUATE_SECURITY(0xc),
  /** 0xd: HTTP/1.1 is required instead. */
  HTTP_1_1_REQUIRED(0xd);

  private static final Http2Error[] BY_CODE = values();

  private final int code;

  Http2Error(int code) {
    this.code = code;
  }

  /** The code on the wire. */
  public int code() {
    return code;
  }

  /** The error with wire code {@code code}, or empty for a code RFC 9113 does not define. */
  public static Optional<Http2Error> of(long code) {
    return code >= 0 && code < BY_CODE.length ? Optional.of(BY_CODE[(int) code]) : Optional.empty();
  }
}
