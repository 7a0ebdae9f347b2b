package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.net.Resolver;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Resolver}: the JDK's system resolver ({@link InetAddress#getAllByName}, so
 * {@code /etc/hosts}, the configured DNS servers and the JDK's cache), run on a new virtual thread
 * for each lookup so that a slow DNS server never blocks the reactor. The answer (or the {@link
 * java.net.UnknownHostException}) is delivered on the reactor thread.
 *
 * <p>Every reactor starts with one ({@link dev.braid.net.PluggableResolver#resolver()}). Call
 * {@link #resolve} on the reactor thread. Cancelling the Deferred drops the answer; the blocked
 * lookup itself ends on its own.
 */
public final class SystemResolver implements Resolver {
  private final Reactor reactor;

  private SystemResolver(Reactor reactor) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
  }

  /** The system resolver delivering its answers on {@code reactor}. */
  public static SystemResolver create(Reactor reactor) {
    return new SystemResolver(reactor);
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    return reactor.deferToThread(() -> List.of(InetAddress.getAllByName(host)));
  }

  @Override
  public String toString() {
    return "SystemResolver";
  }
}
