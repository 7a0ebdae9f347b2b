package dev.braid.net;

import dev.braid.defer.Deferred;

/**
 * Somewhere to receive datagrams, from a string: {@code udp:5353:interface=127.0.0.1} (see {@link
 * dev.braid.net.endpoints.Endpoints#datagramServerFromString}). Unlike a {@link ServerEndpoint}
 * there are no connections and no factory: one {@link DatagramProtocol} serves the whole port.
 * Reactor thread only.
 */
@FunctionalInterface
public interface DatagramEndpoint {
  /**
   * Binds the port and starts {@code protocol} on it ({@link DatagramProtocol#startProtocol} runs
   * before the Deferred fires); the Deferred fires with the port's transport (its {@link
   * DatagramTransport#hostAddress()} holds the port the OS chose for port 0, and {@link
   * DatagramTransport#stopListening()} closes it), or fails with the reason it cannot bind (a
   * {@link java.net.BindException} naming the address).
   */
  Deferred<DatagramTransport> listen(DatagramProtocol protocol);
}
