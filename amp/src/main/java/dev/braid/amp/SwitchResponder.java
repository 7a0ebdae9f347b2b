package dev.braid.amp;

import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;

/**
 * Answers a protocol-switching command (Twisted's {@code ProtocolSwitchCommand}): returns the
 * response and the protocol that takes the connection over once the response is sent.
 */
@FunctionalInterface
public interface SwitchResponder<A, R> {
  /** The response to {@code arguments} and the protocol to switch to. */
  Deferred<Switch<R>> respond(A arguments) throws Exception;

  /**
   * A response, and the protocol that gets the connection after it is sent.
   *
   * @param response the answer sent to the caller
   * @param protocol hears {@code connectionMade} with the same transport, then every byte after the
   *     command
   */
  record Switch<R>(R response, Protocol protocol) {}
}
