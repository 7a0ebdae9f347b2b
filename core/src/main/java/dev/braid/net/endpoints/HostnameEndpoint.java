package dev.braid.net.endpoints;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.Resolver;
import dev.braid.reactor.Reactor;
import dev.braid.time.DelayedCall;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client endpoint for a host name: resolves the name to all its addresses (with the reactor's
 * {@link Resolver} unless {@link Builder#resolver} gave another), then connects "happy eyeballs"
 * style (RFC 8305): addresses are tried in the resolver's order with the IPv6 and IPv4 families
 * interleaved, a new attempt starts every {@link Builder#attemptDelay attempt delay} (default 250
 * ms) while earlier ones are still pending, or at once when one fails; the first connection made
 * wins, and every other attempt is stopped. If every attempt fails, the Deferred fails with a
 * {@link AllAttemptsFailedException} carrying each attempt's error.
 *
 * <p>Only the winning connection builds a protocol from the factory. {@code tcp:host=NAME:port=N}
 * and {@code tcp6:host=NAME:port=N} client strings make one of these (tcp6 keeps only IPv6
 * addresses). An IP literal needs no resolution: its one attempt starts at once.
 *
 * <p>Reactor thread only. Cancelling the Deferred stops resolution and every attempt.
 */
public final class HostnameEndpoint implements ClientEndpoint {
  /** Which address families to try. */
  public enum Families {
    /** IPv6 and IPv4, interleaved. */
    ANY,
    /** IPv6 only (the {@code tcp6:} endpoint). */
    IPV6_ONLY,
    /** IPv4 only. */
    IPV4_ONLY
  }

  /** Thrown (as the Deferred's error) when every address failed; each attempt's error is kept. */
  public static final class AllAttemptsFailedException extends ConnectException {
    private final transient List<Throwable> errors;

    AllAttemptsFailedException(String message, List<Throwable> errors) {
      super(message);
      this.errors = List.copyOf(errors);
      errors.forEach(this::addSuppressed);
    }

    /** The error of each attempt, in the order they failed. */
    public List<Throwable> errors() {
      return errors;
    }
  }

  /** The default delay between the starts of two attempts (RFC 8305 recommends 250 ms). */
  public static final Duration DEFAULT_ATTEMPT_DELAY = Duration.ofMillis(250);

  private final Reactor reactor;
  private final String host;
  private final int port;
  private final Optional<Resolver> resolver;
  private final Duration attemptDelay;
  private final TcpConnectOptions options;
  private final Families families;

  private HostnameEndpoint(Builder b) {
    this.reactor = b.reactor;
    this.host = b.host;
    this.port = b.port;
    this.resolver = b.resolver;
    this.attemptDelay = b.attemptDelay;
    this.options = b.options;
    this.families = b.families;
  }

  /** A builder for connecting to {@code host} (a name or an IP literal) on {@code port}. */
  public static Builder builder(Reactor reactor, String host, int port) {
    return new Builder(reactor, host, port);
  }

  /** An endpoint with the reactor's resolver and default options. */
  public static HostnameEndpoint create(Reactor reactor, String host, int port) {
    return builder(reactor, host, port).build();
  }

  /** Builds a {@link HostnameEndpoint}; set once, then {@link #build()}. */
  public static final class Builder {
    private final Reactor reactor;
    private final String host;
    private final int port;
    private Optional<Resolver> resolver = Optional.empty();
    private Duration attemptDelay = DEFAULT_ATTEMPT_DELAY;
    private TcpConnectOptions options = TcpConnectOptions.defaults();
    private Families families = Families.ANY;

    private Builder(Reactor reactor, String host, int port) {
      this.reactor = Objects.requireNonNull(reactor, "reactor");
      this.host = Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("host must not be empty");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be 1..65535, got " + port);
      }
      this.port = port;
    }

    /**
     * The resolver of this endpoint (tests pass fixed answers). By default the reactor's ({@link
     * dev.braid.net.PluggableResolver#resolver()}), looked up at each {@link #connect}.
     */
    public Builder resolver(Resolver r) {
      this.resolver = Optional.of(Objects.requireNonNull(r, "resolver"));
      return this;
    }

    /** How long to wait for a pending attempt before starting the next one (positive). */
    public Builder attemptDelay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("attemptDelay must be positive, got " + delay);
      }
      this.attemptDelay = delay;
      return this;
    }

    /** Options of each attempt (its timeout and bind address). */
    public Builder connectOptions(TcpConnectOptions o) {
      this.options = Objects.requireNonNull(o, "options");
      return this;
    }

    /** Which address families to try (default both). */
    public Builder families(Families f) {
      this.families = Objects.requireNonNull(f, "families");
      return this;
    }

    /** The endpoint. */
    public HostnameEndpoint build() {
      return new HostnameEndpoint(this);
    }
  }

  /** The host name (or literal) this endpoint connects to. */
  public String host() {
    return host;
  }

  /** The port this endpoint connects to. */
  public int port() {
    return port;
  }

  @Override
  public Deferred<Protocol> connect(ProtocolFactory factory) {
    Objects.requireNonNull(factory, "factory");
    return new Connection(factory).start();
  }

  /**
   * The addresses in the order to try: the first address's family first, then alternating families
   * (RFC 8305 section 4), keeping the resolver's order within each family; duplicates are dropped
   * and {@code families} filters.
   */
  static List<InetAddress> order(List<InetAddress> resolved, Families families) {
    Deque<InetAddress> v6 = new ArrayDeque<>();
    Deque<InetAddress> v4 = new ArrayDeque<>();
    List<InetAddress> seen = new ArrayList<>();
    for (InetAddress a : resolved) {
      if (seen.contains(a)) {
        continue;
      }
      seen.add(a);
      if (a instanceof Inet6Address && families != Families.IPV4_ONLY) {
        v6.add(a);
      } else if (a instanceof Inet4Address && families != Families.IPV6_ONLY) {
        v4.add(a);
      }
    }
    List<InetAddress> out = new ArrayList<>();
    boolean sixFirst =
        !v6.isEmpty()
            && (v4.isEmpty() || resolved.indexOf(v6.peek()) < resolved.indexOf(v4.peek()));
    Deque<InetAddress> first = sixFirst ? v6 : v4;
    Deque<InetAddress> second = sixFirst ? v4 : v6;
    while (!first.isEmpty() || !second.isEmpty()) {
      if (!first.isEmpty()) {
        out.add(first.poll());
      }
      if (!second.isEmpty()) {
        out.add(second.poll());
      }
    }
    return out;
  }

  /** One call of {@link #connect}: the resolution and its attempts. */
  private final class Connection {
    private final ProtocolFactory factory;
    private final Deferred<Protocol> result;
    private final List<Connector> pending = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final StringBuilder failures = new StringBuilder();
    private Deferred<List<InetAddress>> resolving;
    private Deque<InetAddress> queue = new ArrayDeque<>();
    private DelayedCall nextAttempt;
    private Connector winner;
    private boolean finished;

    Connection(ProtocolFactory factory) {
      this.factory = factory;
      this.result = new Deferred<>(d -> cancelled());
    }

    Deferred<Protocol> start() {
      Optional<InetAddress> literal = Resolver.literal(host);
      if (literal.isPresent()) {
        addresses(List.of(literal.get()));
        return result;
      }
      resolving = resolver.orElseGet(reactor::resolver).resolve(host);
      resolving.addCallbacks(
          addresses -> {
            resolving = null;
            addresses(addresses);
            return null;
          },
          error -> {
            resolving = null;
            if (!finished) {
              finished = true;
              UnknownHostException e =
                  new UnknownHostException("cannot resolve " + host + ": " + error.getMessage());
              e.initCause(error);
              result.errback(e);
            }
            return null;
          });
      return result;
    }

    private void addresses(List<InetAddress> resolved) {
      if (finished) {
        return;
      }
      queue = new ArrayDeque<>(order(resolved, families));
      if (queue.isEmpty()) {
        finished = true;
        result.errback(
            new UnknownHostException(
                host
                    + " has no "
                    + (families == Families.IPV6_ONLY
                        ? "IPv6 "
                        : families == Families.IPV4_ONLY ? "IPv4 " : "")
                    + "address (resolved: "
                    + resolved
                    + ")"));
        return;
      }
      startNext();
    }

    private void startNext() {
      stopTimer();
      InetAddress address = queue.poll();
      if (address == null) {
        return;
      }
      Connector[] self = new Connector[1];
      ClientFactory attempt =
          new ClientFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress peer) {
              if (finished) {
                throw new RefuseConnectionException("another address connected first");
              }
              won(self[0]);
              return factory.buildProtocol(peer);
            }

            @Override
            public void clientConnected(Connector connector, Protocol protocol) {
              if (connector == winner && !result.called()) {
                result.callback(protocol);
              }
            }

            @Override
            public void clientConnectionFailed(Connector connector, Throwable reason) {
              attemptFailed(connector, address, reason);
            }
          };
      self[0] = reactor.connectTcp(address.getHostAddress(), port, attempt, options);
      if (self[0].state() == Connector.State.CONNECTING) {
        pending.add(self[0]);
      }
      if (!finished && !queue.isEmpty() && nextAttempt == null) {
        nextAttempt = reactor.callLater(attemptDelay, this::timerFired);
      }
    }

    private void timerFired() {
      nextAttempt = null;
      startNext();
    }

    private void won(Connector connector) {
      finished = true;
      winner = connector;
      pending.remove(connector);
      stopTimer();
      for (Connector other : List.copyOf(pending)) {
        if (other.state() == Connector.State.CONNECTING) {
          other.stopConnecting();
        }
      }
      pending.clear();
    }

    private void attemptFailed(Connector connector, InetAddress address, Throwable reason) {
      pending.remove(connector);
      if (connector == winner) {
        if (!result.called()) {
          result.errback(reason);
        }
        return;
      }
      if (finished) {
        return;
      }
      errors.add(reason);
      failures
          .append(errors.size() == 1 ? ": " : "; ")
          .append(address.getHostAddress())
          .append(": ")
          .append(reason.getMessage());
      if (!queue.isEmpty()) {
        startNext();
      } else if (pending.isEmpty()) {
        finished = true;
        stopTimer();
        String message = "could not connect to " + host + " port " + port + failures;
        result.errback(new AllAttemptsFailedException(message, errors));
      }
    }

    private void stopTimer() {
      if (nextAttempt != null && nextAttempt.active()) {
        nextAttempt.cancel();
      }
      nextAttempt = null;
    }

    private void cancelled() {
      if (finished) {
        if (winner != null && winner.state() == Connector.State.CONNECTING) {
          winner.stopConnecting();
        }
        return;
      }
      finished = true;
      stopTimer();
      if (resolving != null) {
        resolving.cancel();
      }
      for (Connector c : List.copyOf(pending)) {
        if (c.state() == Connector.State.CONNECTING) {
          c.stopConnecting();
        }
      }
      pending.clear();
    }
  }

  @Override
  public String toString() {
    return "HostnameEndpoint[" + host + ":" + port + ", " + families + "]";
  }
}
