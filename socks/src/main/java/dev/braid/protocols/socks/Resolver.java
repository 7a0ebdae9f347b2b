package dev.braid.protocols.socks;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.net.InetAddress;
import java.util.List;

/**
 * Turns a host name into addresses for {@link SocksServer}. Called on the reactor thread; the
 * Deferred fires there.
 */
@FunctionalInterface
public interface Resolver {
  /** The addresses of {@code host}; fails with {@link java.net.UnknownHostException}. */
  Deferred<List<InetAddress>> resolve(String host);

  /**
   * The system resolver ({@link InetAddress#getAllByName}), run on a virtual thread so a slow DNS
   * server never blocks the reactor.
   */
  static Resolver system(Reactor reactor) {
    return host -> reactor.deferToThread(() -> List.of(InetAddress.getAllByName(host)));
  }
}
