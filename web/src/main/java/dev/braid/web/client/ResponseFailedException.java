package dev.braid.web.client;

/**
 * The connection broke, or the peer sent a malformed response, before the response was complete.
 */
public class ResponseFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public ResponseFailedException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public ResponseFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
