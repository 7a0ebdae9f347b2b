package dev.braid.amp;

/**
 * The connection switched (or is switching) to another protocol: no more AMP boxes may be sent on
 * it (Twisted's {@code ProtocolSwitched}).
 */
public final class ProtocolSwitchedException extends Exception {
  /** An exception with {@code message}. */
  public ProtocolSwitchedException(String message) {
    super(message);
  }
}
