package dev.braid.web.http1;

import dev.braid.bytes.ByteString;
import dev.braid.web.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/**
 * Serializes HTTP/1.1 heads and chunked body framing. Stateless; any thread. The caller chooses the
 * framing: it puts Content-Length or {@code Transfer-Encoding: chunked} in the head, then writes
 * the body as is or through {@link #chunk} and {@link #lastChunk}. Field names are written with the
 * case they have in {@link HttpHeaders}; values were checked when they were added, so a head can
 * never inject a line. What {@link RequestParser}/{@link ResponseParser} read back from these bytes
 * equals what was encoded.
 */
public final class Http1Encoder {
  private static final ByteString CRLF = ByteString.ascii("\r\n");

  private Http1Encoder() {}

  /** {@code method SP target SP version CRLF}, the fields, and the empty line. */
  public static ByteString requestHead(RequestHead head) {
    StringBuilder text = new StringBuilder(128 + head.headers().size() * 32);
    text.append(head.method())
        .append(' ')
        .append(head.target())
        .append(' ')
        .append(head.version().text())
        .append("\r\n");
    appendFields(text, head.headers());
    return latin1(text);
  }

  /** {@code version SP status SP reason CRLF}, the fields, and the empty line. */
  public static ByteString responseHead(ResponseHead head) {
    StringBuilder text = new StringBuilder(128 + head.headers().size() * 32);
    text.append(head.version().text()).append(' ');
    text.append(head.status()).append(' ').append(head.reason()).append("\r\n");
    appendFields(text, head.headers());
    return latin1(text);
  }

  /** The head of an interim (1xx) response. */
  public static ByteString interimResponse(InterimResponse interim) {
    return responseHead(interim.head());
  }

  /**
   * One chunk of a chunked body: {@code hex-size CRLF data CRLF}; {@code data} must not be empty.
   */
  public static ByteString chunk(ByteString data) {
    if (data.isEmpty()) {
      throw new IllegalArgumentException("an empty chunk would end the body; use lastChunk");
    }
    return ByteString.ascii(Integer.toHexString(data.size()) + "\r\n").concat(data).concat(CRLF);
  }

  /**
   * The prefix of a chunk of {@code size} bytes, {@code hex-size CRLF}; follow it with the data and
   * CRLF.
   */
  public static ByteString chunkHeader(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("chunk size must be positive: " + size);
    }
    return ByteString.ascii(Long.toHexString(size) + "\r\n");
  }

  /** The CRLF that ends a chunk's data. */
  public static ByteString chunkEnd() {
    return CRLF;
  }

  /** The last chunk {@code 0 CRLF}, the trailer fields, and the empty line. */
  public static ByteString lastChunk(HttpHeaders trailers) {
    StringBuilder text = new StringBuilder("0\r\n");
    appendFields(text, trailers);
    return latin1(text);
  }

  private static void appendFields(StringBuilder text, HttpHeaders headers) {
    for (HttpHeaders.Field field : headers.fields()) {
      text.append(field.name()).append(": ").append(field.value()).append("\r\n");
    }
    text.append("\r\n");
  }

  private static ByteString latin1(StringBuilder text) {
    return ByteString.wrapOwned(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }
}
