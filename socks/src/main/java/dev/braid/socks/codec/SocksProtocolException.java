package dev.braid.socks.codec;

import dev.braid.protocols.BadInputException;

/**
 * A client sent bytes that are not a valid SOCKS message (or a message larger than the parser's
 * limit). {@link #reply()} is the SOCKS5 reply a server should send before closing, where one fits.
 */
public class SocksProtocolException extends BadInputException {
  private final Socks5Reply reply;

  /** A malformed message described by {@code message}; the reply is a general failure. */
  public SocksProtocolException(String message) {
    this(message, Socks5Reply.GENERAL_FAILURE);
  }

  /** A malformed message described by {@code message}, answered with {@code reply}. */
  public SocksProtocolException(String message, Socks5Reply reply) {
    super(message);
    this.reply = reply;
  }

  /** The SOCKS5 reply code that answers this error. */
  public Socks5Reply reply() {
    return reply;
  }
}
