package dev.braid.pb.jelly;

import dev.braid.protocols.BadInputException;

/**
 * The peer sent an s-expression that is not Jelly, or one naming a type nobody registered
 * (Twisted's {@code InsecureJelly}). An event of the connection, not a bug: no stack trace.
 */
public final class JellyException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} saying what was wrong. */
  public JellyException(String message) {
    super(message);
  }
}
