package dev.braid.protocols;

/**
 * The bytes from the peer are not a valid netstring. Thrown by {@link NetstringParser}; the stream
 * cannot be resynchronised after it. The peer is at fault, not the program, so it carries no stack
 * trace.
 */
public final class NetstringParseException extends BadInputException {
  /** What was wrong. */
  public enum Reason {
    /** The length is not ASCII digits followed by ':' (empty, a non-digit, a leading zero). */
    MALFORMED_LENGTH,
    /** The length is above the parser's limit. */
    LENGTH_LIMIT_EXCEEDED,
    /** The data is not followed by ','. */
    MISSING_COMMA
  }

  private final Reason reason;

  /** A new exception for {@code reason}, with a message that says what was seen. */
  public NetstringParseException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** What was wrong. */
  public Reason reason() {
    return reason;
  }
}
