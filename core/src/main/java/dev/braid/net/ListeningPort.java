package dev.braid.net;

import dev.braid.defer.Deferred;
import java.net.SocketAddress;

/** A bound, listening server socket. Reactor thread only. */
public interface ListeningPort {
  /** The address the port is bound to; for a port asked as 0, it holds the port the OS chose. */
  SocketAddress address();

  /**
   * Stops accepting connections and closes the socket; established connections stay up. The
   * Deferred fires once the port is closed. Calling it again returns an already fired Deferred.
   */
  Deferred<Void> stopListening();
}
