package dev.braid.defer;

/**
 * The failure of a Deferred that waited on several and failed at the first error among them ({@link
 * Deferred#gather}, {@link DeferredList} with {@link DeferredList.Option#FIRE_ON_ONE_ERRBACK
 * FIRE_ON_ONE_ERRBACK}): {@link #getCause()} is that error and {@link #index()} the position of the
 * Deferred that failed in the input list (Twisted's {@code FirstError}).
 */
public final class FirstErrorException extends RuntimeException {
  private final int index;

  /** The error {@code cause} of the input at position {@code index}. */
  public FirstErrorException(int index, Throwable cause) {
    super("Deferred #" + index + " failed: " + cause, cause);
    this.index = index;
  }

  /** The position, in the input list, of the Deferred that failed first. */
  public int index() {
    return index;
  }
}
