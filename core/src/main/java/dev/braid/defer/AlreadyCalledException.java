package dev.braid.defer;

/**
 * Thrown when a Deferred that already has a result is given another one: a second {@code callback}
 * or {@code errback} is a bug in the caller, so it fails loudly.
 */
public final class AlreadyCalledException extends IllegalStateException {
  /** An exception saying {@code message}. */
  public AlreadyCalledException(String message) {
    super(message);
  }
}
