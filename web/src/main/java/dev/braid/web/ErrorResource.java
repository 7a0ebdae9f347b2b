package dev.braid.web;

import dev.braid.defer.Deferred;

/**
 * A resource that answers every request with one error status and an escaped message page (404 for
 * unknown children, 403, ...). Immutable; any thread may create one.
 */
public final class ErrorResource implements Resource {
  private final int status;
  private final String message;

  private ErrorResource(int status, String message) {
    this.status = status;
    this.message = message;
  }

  /** A resource answering {@code status} with {@code message} (escaped) on its page. */
  public static ErrorResource of(int status, String message) {
    return new ErrorResource(status, message);
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    return request.respondError(status, message);
  }
}
