package dev.braid.irc.codec;

/**
 * The limits of the IRC codec.
 *
 * @param maxLineLength the longest message without its tags, counting the CR LF that ends it (RFC
 *     1459's 512 bytes)
 * @param maxTagsLength the longest tags section, counting its leading {@code @} and the space after
 *     it (IRCv3 message-tags: 8,191 bytes)
 * @param maxParams the most parameters a message has; after {@code maxParams - 1} middle parameters
 *     the rest of the line is the last one, colon or not (RFC 2812's rule for 15)
 */
public record IrcLimits(int maxLineLength, int maxTagsLength, int maxParams) {
  /** 512 bytes, CR LF included (RFC 1459 section 2.3). */
  public static final int DEFAULT_MAX_LINE_LENGTH = 512;

  /** 8,191 bytes (IRCv3 message-tags). */
  public static final int DEFAULT_MAX_TAGS_LENGTH = 8191;

  /** 15 parameters (RFC 2812 section 2.3.1). */
  public static final int DEFAULT_MAX_PARAMS = 15;

  /** Checks the limits leave room for a message. */
  public IrcLimits {
    if (maxLineLength < 16) {
      throw new IllegalArgumentException("maxLineLength must be at least 16, got " + maxLineLength);
    }
    if (maxTagsLength < 2) {
      throw new IllegalArgumentException("maxTagsLength must be at least 2, got " + maxTagsLength);
    }
    if (maxParams < 1) {
      throw new IllegalArgumentException("maxParams must be at least 1, got " + maxParams);
    }
    if ((long) maxLineLength + maxTagsLength > 1 << 20) {
      throw new IllegalArgumentException("maxLineLength and maxTagsLength add up to over 1 MiB");
    }
  }

  /** The defaults: the {@code DEFAULT_} constants. */
  public static IrcLimits defaults() {
    return new IrcLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_TAGS_LENGTH, DEFAULT_MAX_PARAMS);
  }

  /**
   * The longest line there can be, tags included, without its line ending: longer input is cut off
   * before it is parsed.
   */
  public int maxWholeLine() {
    return maxTagsLength + maxLineLength - 2;
  }

  /** These limits with another line length. */
  public IrcLimits withMaxLineLength(int v) {
    return new IrcLimits(v, maxTagsLength, maxParams);
  }

  /** These limits with another tags length. */
  public IrcLimits withMaxTagsLength(int v) {
    return new IrcLimits(maxLineLength, v, maxParams);
  }

  /** These limits with another parameter count. */
  public IrcLimits withMaxParams(int v) {
    return new IrcLimits(maxLineLength, maxTagsLength, v);
  }
}
