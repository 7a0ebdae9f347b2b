package dev.braid.net;

import java.net.SocketAddress;

/**
 * Handle of an outgoing connection made with {@link ReactorTcp#connectTcp}: it can stop the
 * attempt, drop the connection, and connect again (reconnecting factories use that). Reactor thread
 * only.
 */
public interface Connector {
  /** Starts a new attempt (after a failure or a lost connection). Throws if one is under way. */
  void connect();

  /** Gives up the attempt under way; the factory hears a failure with a cancellation. */
  void stopConnecting();

  /** Gives up the attempt, or closes the connection if it is established. */
  void disconnect();

  /** Where this connector connects to. */
  SocketAddress destination();

  /** What the connector is doing. */
  State state();

  /** The states of a connector. */
  enum State {
    /** Not connected and not trying. */
    DISCONNECTED,
    /** An attempt is under way. */
    CONNECTING,
    /** Connected. */
    CONNECTED
  }
}
