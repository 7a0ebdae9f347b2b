package dev.braid.web.http2.codec;

/**
 * The limits the HTTP/2 codec enforces; immutable, any thread. Start from {@link #DEFAULT} and
 * change what you need with the {@code with...} methods.
 *
 * @param maxFrameSize the largest frame payload accepted, SETTINGS_MAX_FRAME_SIZE (16384 to 2^24-1;
 *     default 16384); a larger frame is a FRAME_SIZE_ERROR
 * @param headerTableSize the largest HPACK dynamic table the decoder allows the peer,
 *     SETTINGS_HEADER_TABLE_SIZE (default 4096); a table-size update above it is a
 *     COMPRESSION_ERROR
 * @param maxHeaderListSize the largest decoded header list, counted as HPACK counts it (octets of
 *     names and values plus 32 per field), SETTINGS_MAX_HEADER_LIST_SIZE (default 32 KiB); the
 *     decoder fails as soon as a block passes it (ENHANCE_YOUR_CALM)
 * @param maxFieldBlockSize the largest compressed field block, HEADERS or PUSH_PROMISE with its
 *     CONTINUATION frames (default 64 KiB; ENHANCE_YOUR_CALM)
 * @param maxContinuationFrames the most CONTINUATION frames in one field block, empty ones included
 *     (default 32; ENHANCE_YOUR_CALM)
 */
public record Http2Limits(
    int maxFrameSize,
    int headerTableSize,
    int maxHeaderListSize,
    int maxFieldBlockSize,
    int maxContinuationFrames) {

  /** The smallest SETTINGS_MAX_FRAME_SIZE, and its initial value. */
  public static final int MIN_MAX_FRAME_SIZE = 16_384;

  /** The largest SETTINGS_MAX_FRAME_SIZE: 2^24-1. */
  public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;

  /** The defaults: 16384, 4096, 32 KiB, 64 KiB, 32. */
  public static final Http2Limits DEFAULT =
      new Http2Limits(MIN_MAX_FRAME_SIZE, 4096, 32 * 1024, 64 * 1024, 32);

  /** Checks each limit's range. */
  public Http2Limits {
    if (maxFrameSize < MIN_MAX_FRAME_SIZE || maxFrameSize > MAX_MAX_FRAME_SIZE) {
      throw new IllegalArgumentException(
          "maxFrameSize must be 16384 to 16777215, got " + maxFrameSize);
    }
    if (headerTableSize < 0
        || maxHeaderListSize < 1
        || maxFieldBlockSize < 1
        || maxContinuationFrames < 0) {
      throw new IllegalArgumentException(
          "limits must be positive (table size and CONTINUATION count may be 0): " + this);
    }
  }

  /** A copy with another frame-size limit. */
  public Http2Limits withMaxFrameSize(int value) {
    return new Http2Limits(
        value, headerTableSize, maxHeaderListSize, maxFieldBlockSize, maxContinuationFrames);
  }

  /** A copy with another dynamic-table limit. */
  public Http2Limits withHeaderTableSize(int value) {
    return new Http2Limits(
        maxFrameSize, value, maxHeaderListSize, maxFieldBlockSize, maxContinuationFrames);
  }

  /** A copy with another header-list limit. */
  public Http2Limits withMaxHeaderListSize(int value) {
    return new Http2Limits(
        maxFrameSize, headerTableSize, value, maxFieldBlockSize, maxContinuationFrames);
  }

  /** A copy with another field-block limit. */
  public Http2Limits withMaxFieldBlockSize(int value) {
    return new Http2Limits(
        maxFrameSize, headerTableSize, maxHeaderListSize, value, maxContinuationFrames);
  }

  /** A copy with another CONTINUATION-count limit. */
  public Http2Limits withMaxContinuationFrames(int value) {
    return new Http2Limits(
        maxFrameSize, headerTableSize, maxHeaderListSize, maxFieldBlockSize, value);
  }
}
