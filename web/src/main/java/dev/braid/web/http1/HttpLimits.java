package dev.braid.web.http1;

/**
 * The limits a parser enforces; immutable, any thread. Start from {@link #DEFAULT} and change what
 * you need with the {@code with...} methods.
 *
 * @param maxStartLine longest request line or status line in bytes, CRLF excluded (414 for a
 *     request line; default 8 KiB)
 * @param maxHeaderBytes largest header block in bytes, counting each field line and its CRLF (431;
 *     default 16 KiB)
 * @param maxHeaderCount most header fields in a head, and separately in a trailer section (431;
 *     default 100)
 * @param maxBody largest body in bytes (413; default 1 MiB); a caller may change it per message
 *     with {@code allowBody} after the head
 * @param maxChunkLine longest chunk-size line in bytes, extensions included (400; default 4 KiB)
 * @param maxTrailerBytes largest trailer section in bytes (431; default 8 KiB)
 */
public record HttpLimits(
    int maxStartLine,
    int maxHeaderBytes,
    int maxHeaderCount,
    long maxBody,
    int maxChunkLine,
    int maxTrailerBytes) {

  /** The defaults: 8 KiB, 16 KiB, 100, 1 MiB, 4 KiB, 8 KiB. */
  public static final HttpLimits DEFAULT =
      new HttpLimits(8 * 1024, 16 * 1024, 100, 1024 * 1024, 4 * 1024, 8 * 1024);

  /** Checks that every limit is positive (the body limit may be zero). */
  public HttpLimits {
    if (maxStartLine < 16
        || maxHeaderBytes < 1
        || maxHeaderCount < 1
        || maxBody < 0
        || maxChunkLine < 1
        || maxTrailerBytes < 1) {
      throw new IllegalArgumentException(
          "limits must be positive (start line at least 16): " + this);
    }
  }

  /** A copy with another start-line limit. */
  public HttpLimits withMaxStartLine(int value) {
    return new HttpLimits(
        value, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkLine, maxTrailerBytes);
  }

  /** A copy with another header-block limit. */
  public HttpLimits withMaxHeaderBytes(int value) {
    return new HttpLimits(
        maxStartLine, value, maxHeaderCount, maxBody, maxChunkLine, maxTrailerBytes);
  }

  /** A copy with another header-count limit. */
  public HttpLimits withMaxHeaderCount(int value) {
    return new HttpLimits(
        maxStartLine, maxHeaderBytes, value, maxBody, maxChunkLine, maxTrailerBytes);
  }

  /** A copy with another default body limit. */
  public HttpLimits withMaxBody(long value) {
    return new HttpLimits(
        maxStartLine, maxHeaderBytes, maxHeaderCount, value, maxChunkLine, maxTrailerBytes);
  }

  /** A copy with another chunk-line limit. */
  public HttpLimits withMaxChunkLine(int value) {
    return new HttpLimits(
        maxStartLine, maxHeaderBytes, maxHeaderCount, maxBody, value, maxTrailerBytes);
  }

  /** A copy with another trailer-section limit. */
  public HttpLimits withMaxTrailerBytes(int value) {
    return new HttpLimits(
        maxStartLine, maxHeaderBytes, maxHeaderCount, maxBody, maxChunkLine, value);
  }
}
