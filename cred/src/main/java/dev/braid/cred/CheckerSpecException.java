package dev.braid.cred;

/**
 * A checker string given to {@link Checkers#fromString} is malformed or names a file that cannot be
 * used; the message says what is wrong and what was expected.
 */
public final class CheckerSpecException extends IllegalArgumentException {
  /** A bad spec described by {@code message}. */
  public CheckerSpecException(String message) {
    super(message);
  }

  /** A bad spec described by {@code message}, caused by {@code cause}. */
  public CheckerSpecException(String message, Throwable cause) {
    super(message, cause);
  }
}
