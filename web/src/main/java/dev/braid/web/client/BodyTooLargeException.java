package dev.braid.web.client;

/** A body was larger than the limit its reader set. */
public class BodyTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public BodyTooLargeException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public BodyTooLargeException(String message, Throwable cause) {
    super(message, cause);
  }
}
