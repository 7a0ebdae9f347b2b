package dev.braid.protocols;

/**
 * A length-prefixed string announced a length above its parser's limit. Thrown by {@link
 * PrefixedStringParser}; the peer is at fault, not the program, so it carries no stack trace.
 */
public final class LengthLimitExceededException extends BadInputException {
  private final long length;
  private final int maxLength;

  /**
   * A new exception.
   *
   * @param length the length the prefix announced
   * @param maxLength the parser's limit
   */
  public LengthLimitExceededException(long length, int maxLength) {
    super("string of " + length + " bytes exceeds the limit of " + maxLength + " bytes");
    this.length = length;
    this.maxLength = maxLength;
  }

  /** The length the prefix announced. */
  public long length() {
    return length;
  }

  /** The parser's limit. */
  public int maxLength() {
    return maxLength;
  }
}
