package dev.braid.amp;

/**
 * A value could not be turned into AMP's wire form or back: a field is missing or null, a value is
 * too long, or the bytes are not a valid value of the declared type. On {@link Amp#callRemote} it
 * fails the call's Deferred; on an incoming command it is answered like Twisted does, with {@code
 * UNKNOWN} (see {@code docs/amp.md}).
 */
public final class AmpValueException extends RuntimeException {
  /** An exception saying what was wrong. */
  public AmpValueException(String message) {
    super(message);
  }

  /** An exception saying what was wrong, and why. */
  public AmpValueException(String message, Throwable cause) {
    super(message, cause);
  }
}
