package dev.braid.amp;

/**
 * The peer has no responder for the command called: it answered with Twisted's {@code UNHANDLED}
 * error code (Twisted's {@code UnhandledCommand}).
 */
public final class UnhandledCommandException extends Exception {
  /** An exception with the peer's description. */
  public UnhandledCommandException(String description) {
    super(description);
  }
}
