package dev.braid.net;

import java.net.SocketAddress;

/**
 * Makes one {@link Protocol} for each new connection. Most factories are a lambda: {@code peer ->
 * new Echo()}.
 *
 * <p>{@link #startFactory()} is called when a listening port (or connector) starts using the
 * factory and {@link #stopFactory()} when it stops; a factory shared by several ports hears each.
 * All calls are made on the reactor thread.
 */
@FunctionalInterface
public interface ProtocolFactory {
  /**
   * A new protocol for a connection with {@code peer}. To refuse the connection, throw {@link
   * RefuseConnectionException}: it is closed at once and nothing is logged. Any other exception is
   * logged and also closes the connection.
   */
  Protocol buildProtocol(SocketAddress peer);

  /** A port or connector started using this factory. */
  default void startFactory() {}

  /** A port or connector stopped using this factory. */
  default void stopFactory() {}
}
