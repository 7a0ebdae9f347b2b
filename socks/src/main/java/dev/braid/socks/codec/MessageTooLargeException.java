package dev.braid.socks.codec;

/** A client's handshake message grew past the parser's limit without completing. */
public final class MessageTooLargeException extends SocksProtocolException {
  /** The limit {@code limit} (bytes) was passed. */
  public MessageTooLargeException(int limit) {
    super("SOCKS handshake message longer than " + limit + " bytes");
  }
}
