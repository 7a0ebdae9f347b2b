package dev.braid.amp;

/**
 * The peer sent bytes that are not a valid AMP box, or a box beyond the {@link AmpLimits}. An event
 * about the peer, not a bug: it carries no stack trace.
 */
public final class AmpParseException extends Exception {
  /** An exception with {@code message} saying what was wrong. */
  public AmpParseException(String message) {
    super(message, null, false, false);
  }
}
