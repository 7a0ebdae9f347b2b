package dev.braid.amp;

/**
 * TLS could not be started on an AMP connection: the peer refused {@link Amp#START_TLS} (error code
 * {@code TLS_ERROR}, as Twisted answers when it has no TLS), or the connection cannot carry TLS (it
 * already does, or its transport cannot switch protocols).
 */
public final class AmpTlsException extends Exception {
  /** An exception with {@code message}. */
  public AmpTlsException(String message) {
    super(message);
  }
}
