package dev.braid.net;

/**
 * A protocol factory for outgoing connections that also hears how connecting went. The reactor
 * calls it on the reactor thread: {@link #startedConnecting}, then either {@link #buildProtocol}
 * (connected) and later {@link #clientConnectionLost}, or {@link #clientConnectionFailed}.
 */
public interface ClientFactory extends ProtocolFactory {
  /** A connection attempt started; {@code connector} can stop it. */
  default void startedConnecting(Connector connector) {}

  /**
   * The connection is up and the protocol's {@link Protocol#connectionMade} has run (endpoints use
   * this to fire their Deferred with the connected protocol).
   */
  default void clientConnected(Connector connector, Protocol protocol) {}

  /**
   * The attempt failed: {@code reason} is the connect error (for example {@link
   * java.net.ConnectException} for a refused connection, {@link java.net.SocketTimeoutException}
   * for a timeout). {@link Connector#connect()} tries again.
   */
  default void clientConnectionFailed(Connector connector, Throwable reason) {}

  /** An established connection closed; {@link Connector#connect()} reconnects. */
  default void clientConnectionLost(Connector connector, Throwable reason) {}
}
