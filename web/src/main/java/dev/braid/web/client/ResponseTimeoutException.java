package dev.braid.web.client;

/** No response head arrived within the response timeout; the connection was closed. */
public class ResponseTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public ResponseTimeoutException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public ResponseTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
