package dev.braid.web.client;

/** A request was redirected more times than allowed. */
public class TooManyRedirectsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** An error described by {@code message}. */
  public TooManyRedirectsException(String message) {
    super(message);
  }

  /** An error described by {@code message}, caused by {@code cause}. */
  public TooManyRedirectsException(String message, Throwable cause) {
    super(message, cause);
  }
}
