package dev.braid.protocols;

import dev.braid.bytes.ByteString;

/**
 * A line grew past its parser's limit before its delimiter came. Thrown by {@link LineParser}; the
 * peer is at fault, not the program, so it carries no stack trace.
 */
public final class LineTooLongException extends BadInputException {
  private final transient ByteString lineStart;
  private final int maxLineLength;

  /**
   * A new exception.
   *
   * @param lineStart the first {@code maxLineLength + 1} bytes of the over-long line
   * @param maxLineLength the limit that was passed
   */
  public LineTooLongException(ByteString lineStart, int maxLineLength) {
    super("line longer than the limit of " + maxLineLength + " bytes");
    this.lineStart = lineStart;
    this.maxLineLength = maxLineLength;
  }

  /**
   * The first {@code maxLineLength() + 1} bytes of the over-long line: the same however the input
   * was split into chunks.
   */
  public ByteString lineStart() {
    return lineStart;
  }

  /** The limit that was passed. */
  public int maxLineLength() {
    return maxLineLength;
  }
}
