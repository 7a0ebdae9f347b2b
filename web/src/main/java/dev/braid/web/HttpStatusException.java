package dev.braid.web;

/**
 * Thrown (or used to fail a render's Deferred) to answer a request with an error status instead of
 * 500: the server sends {@link #status()} with a small HTML page showing {@link #getMessage()}
 * (escaped). Any thread may create one.
 */
public final class HttpStatusException extends Exception {
  private final int status;

  /** An error answered with {@code status} (4xx or 5xx) and {@code message} shown on the page. */
  public HttpStatusException(int status, String message) {
    super(message);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an error status is 4xx or 5xx, not " + status);
    }
    this.status = status;
  }

  /** The status to answer with. */
  public int status() {
    return status;
  }
}
