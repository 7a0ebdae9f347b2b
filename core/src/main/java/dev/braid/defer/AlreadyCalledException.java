package dev.braid.defer;

/** Thrown when a Deferred that already has a result is given another one. */
public final class AlreadyCalledException extends IllegalStateException {
  public AlreadyCalledException(String message) {
    super(message);
  }
}
