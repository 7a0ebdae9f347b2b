package dev.braid.pb;

import dev.braid.protocols.BadInputException;

/**
 * The peer broke Perspective Broker's rules: an unknown dialect or version, an answer to no call, a
 * release of an object it never had. The connection closes. No stack trace ({@link
 * BadInputException}).
 */
public final class PbProtocolException extends BadInputException {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message} saying what was wrong. */
  public PbProtocolException(String message) {
    super(message);
  }
}
