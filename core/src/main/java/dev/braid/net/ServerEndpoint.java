package dev.braid.net;

import dev.braid.defer.Deferred;

/**
 * Somewhere to listen, independent of the transport: {@code tcp:8080}, later {@code tls:...},
 * {@code unix:...}. Make one from a string with {@link
 * dev.braid.net.endpoints.Endpoints#serverFromString}. Reactor thread only.
 */
@FunctionalInterface
public interface ServerEndpoint {
  /**
   * Starts listening; each accepted connection gets a protocol from {@code factory}. The Deferred
   * fires with the port, or fails with the reason it cannot listen (for TCP a {@link
   * java.net.BindException} naming the address).
   */
  Deferred<ListeningPort> listen(ProtocolFactory factory);
}
