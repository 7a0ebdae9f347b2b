package dev.braid.pb.banana;

import dev.braid.protocols.BadInputException;

/**
 * The peer sent bytes that are not Banana, or an expression beyond the {@link BananaLimits}. An
 * event of the connection, not a bug: no stack trace ({@link BadInputException}).
 */
public final class BananaException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} saying what was wrong. */
  public BananaException(String message) {
    super(message);
  }
}
