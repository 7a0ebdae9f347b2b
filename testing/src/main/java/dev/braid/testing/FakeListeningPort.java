package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import java.net.SocketAddress;

/**
 * The {@link ListeningPort} a {@link MemoryReactor} returns from {@code listenTcp}: no socket, only
 * a record of whether it still "listens". Test thread only.
 */
public final class FakeListeningPort implements ListeningPort {
  private final SocketAddress address;
  private final ProtocolFactory factory;
  private boolean listening = true;

  FakeListeningPort(SocketAddress address, ProtocolFactory factory) {
    this.address = address;
    this.factory = factory;
  }

  /**
   * The address asked for; for port 0, the port is one the memory reactor made up (from 40000 up,
   * never two listening ports on the same one).
   */
  @Override
  public SocketAddress address() {
    return address;
  }

  /**
   * Marks the port stopped and calls the factory's {@code stopFactory}; the returned Deferred has
   * already fired. Calling it again returns another fired Deferred and does nothing else.
   */
  @Override
  public Deferred<Void> stopListening() {
    if (listening) {
      listening = false;
      factory.stopFactory();
    }
    return Deferred.succeed(null);
  }

  /** True until {@link #stopListening()} (or the reactor's shutdown) stopped the port. */
  public boolean listening() {
    return listening;
  }

  @Override
  public String toString() {
    return "FakeListeningPort[" + address + (listening ? "]" : ", stopped]");
  }
}
