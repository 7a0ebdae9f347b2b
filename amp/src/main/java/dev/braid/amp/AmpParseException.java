package dev.braid.amp;

import dev.braid.protocols.BadInputException;

/**
 * The peer sent bytes that are not a valid AMP box, or a box beyond the {@link AmpLimits}. An event
 * about the peer, not a bug: it carries no stack trace ({@link BadInputException}).
 */
public final class AmpParseException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} saying what was wrong. */
  public AmpParseException(String message) {
    super(message);
  }
}
