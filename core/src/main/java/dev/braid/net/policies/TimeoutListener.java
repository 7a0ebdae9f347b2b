package dev.braid.net.policies;

import dev.braid.net.Protocol;

/**
 * Implemented by a protocol wrapped in a {@link TimeoutProtocol} that wants to hear of its timeouts
 * and, if it likes, handle them itself.
 */
public interface TimeoutListener extends Protocol {
  /**
   * A timeout fired. Called on the reactor thread, before the wrapper does anything; the protocol
   * may still write (a goodbye line, an error reply). Return true (the default) to let the wrapper
   * close the connection ({@code loseConnection}, then abort if it has not closed within the abort
   * grace), or false to keep it open: the protocol then closes it itself, or not at all. Either
   * way, a fired timer does not fire again.
   */
  default boolean timeoutConnection(TimeoutKind kind) {
    return true;
  }
}
