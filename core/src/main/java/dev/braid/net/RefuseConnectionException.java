package dev.braid.net;

/**
 * Thrown by {@link ProtocolFactory#buildProtocol} to turn a connection away quietly (for example
 * over a connection limit): the connection is closed and nothing is logged.
 */
public final class RefuseConnectionException extends RuntimeException {
  public RefuseConnectionException(String reason) {
    super(reason, null, false, false);
  }
}
