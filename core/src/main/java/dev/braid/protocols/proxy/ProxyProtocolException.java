package dev.braid.protocols.proxy;

import dev.braid.protocols.BadInputException;

/**
 * A PROXY protocol header that is malformed or longer than the parser's limit. The message says
 * what is wrong (for example {@code "v1: source port 70000 is out of range"}); the connection that
 * sent it must be closed. Carries no stack trace ({@link BadInputException}).
 */
public final class ProxyProtocolException extends BadInputException {
  /** An error described by {@code message}. */
  public ProxyProtocolException(String message) {
    super(message);
  }
}
