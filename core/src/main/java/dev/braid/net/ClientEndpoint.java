package dev.braid.net;

import dev.braid.defer.Deferred;

/**
 * Somewhere to connect to, independent of the transport: {@code tcp:host=example.com:port=80}. Make
 * one from a string with {@link Endpoints#clientFromString}. Reactor thread only.
 */
@FunctionalInterface
public interface ClientEndpoint {
  /**
   * Connects; the Deferred fires with the protocol {@code factory} built once its {@link
   * Protocol#connectionMade} has run, or fails with the connect error. Cancelling the Deferred
   * gives up the attempt.
   */
  Deferred<Protocol> connect(ProtocolFactory factory);

  /** Connects {@code protocol} itself and fires with it (Twisted's {@code connectProtocol}). */
  default <P extends Protocol> Deferred<P> connectProtocol(P protocol) {
    return connect(peer -> protocol).addCallback(connected -> protocol);
  }
}
