package dev.braid.service;

import dev.braid.defer.Deferred;
import dev.braid.net.Backoff;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client connection up while running: connects at start, and whenever the attempt fails
 * or the connection is lost, connects again after a {@link Backoff} delay (reset after each
 * successful connection). {@link #whenConnected()} gives the connected protocol. Stop gives up any
 * attempt or pending retry, closes the connection and fires once it is closed. Reactor thread only.
 */
public final class ClientService extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(ClientService.class);

  private final ClientEndpoint endpoint;
  private final ProtocolFactory factory;
  private final ReactorTime time;
  private final Backoff backoff;
  private final RandomGenerator random;
  private final List<Deferred<Protocol>> waiters = new ArrayList<>();
  private Deferred<Protocol> attempt;
  private DelayedCall retry;
  private Watch current;
  private Deferred<Void> closed;
  private int failures;

  private ClientService(
      String name,
      ClientEndpoint endpoint,
      ProtocolFactory factory,
      ReactorTime time,
      Backoff backoff,
      RandomGenerator random) {
    super(name);
    this.endpoint = endpoint;
    this.factory = factory;
    this.time = time;
    this.backoff = backoff;
    this.random = random;
  }

  /** A service that keeps a connection to {@code endpoint} up with the default backoff. */
  public static ClientService create(
      String name, ClientEndpoint endpoint, ProtocolFactory factory, ReactorTime time) {
    return create(name, endpoint, factory, time, Backoff.defaults(), RandomGenerator.getDefault());
  }

  /** A service with its own backoff and source of jitter (tests pass a seeded one). */
  public static ClientService create(
      String name,
      ClientEndpoint endpoint,
      ProtocolFactory factory,
      ReactorTime time,
      Backoff backoff,
      RandomGenerator random) {
    return new ClientService(name, endpoint, factory, time, backoff, random);
  }

  /**
   * Fires with the connected protocol: at once when connected, else at the next connection. Fails
   * with {@link CancellationException} if the service stops first.
   */
  public Deferred<Protocol> whenConnected() {
    if (current != null && current.transport != null) {
      return Deferred.succeed(current.protocol);
    }
    Deferred<Protocol> waiter = new Deferred<>(waiters::remove);
    waiters.add(waiter);
    return waiter;
  }

  /** The connected protocol, if connected now. */
  public Optional<Protocol> connected() {
    return current != null && current.transport != null
        ? Optional.of(current.protocol)
        : Optional.empty();
  }

  @Override
  protected Deferred<Void> doStart() {
    failures = 0;
    connect();
    return Deferred.succeed(null);
  }

  private void connect() {
    retry = null;
    Deferred<Protocol> d =
        endpoint.connect(
            peer -> {
              Watch watch = new Watch(factory.buildProtocol(peer));
              current = watch;
              return watch;
            });
    attempt = d;
    d.addCallbacks(
        protocol -> {
          attempt = null;
          failures = 0;
          Protocol connected = ((Watch) protocol).protocol;
          for (Deferred<Protocol> waiter : List.copyOf(waiters)) {
            waiters.remove(waiter);
            waiter.callback(connected);
          }
          return null;
        },
        error -> {
          attempt = null;
          current = null;
          if (running()) {
            LOG.info("{}: connecting failed ({}); retrying", name(), error.toString());
            scheduleRetry();
          }
          return null;
        });
  }

  private void scheduleRetry() {
    failures++;
    retry = time.callLater(backoff.delay(failures, random), this::connect);
  }

  private void lost(Watch watch, Throwable reason) {
    if (current == watch) {
      current = null;
    }
    if (closed != null) {
      Deferred<Void> done = closed;
      closed = null;
      done.callback(null);
    }
    if (running()) {
      LOG.info("{}: connection lost ({}); reconnecting", name(), reason.toString());
      failures = 0;
      scheduleRetry();
    }
  }

  @Override
  protected Deferred<Void> doStop() {
    if (retry != null && retry.active()) {
      retry.cancel();
    }
    retry = null;
    if (attempt != null) {
      Deferred<Protocol> pending = attempt;
      attempt = null;
      pending.cancel();
    }
    for (Deferred<Protocol> waiter : List.copyOf(waiters)) {
      waiters.remove(waiter);
      waiter.errback(new CancellationException(name() + " stopped before it connected"));
    }
    if (current != null && current.transport != null) {
      closed = new Deferred<>();
      Deferred<Void> done = closed;
      current.transport.loseConnection();
      return done;
    }
    return Deferred.succeed(null);
  }

  /** Wraps the protocol of each connection to see it go. */
  private final class Watch implements HalfCloseableProtocol {
    final Protocol protocol;
    Transport transport;

    Watch(Protocol protocol) {
      this.protocol = protocol;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      protocol.connectionMade(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      protocol.dataReceived(data);
    }

    @Override
    public void readConnectionLost() {
      if (protocol instanceof HalfCloseableProtocol halfCloseable) {
        halfCloseable.readConnectionLost();
      } else {
        transport.loseConnection();
      }
    }

    @Override
    public void writeConnectionLost() {
      if (protocol instanceof HalfCloseableProtocol halfCloseable) {
        halfCloseable.writeConnectionLost();
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      // The service forgets the connection before the protocol hears of it, so code that reacts
      // to the loss (and asks whenConnected) already sees the service reconnecting.
      lost(this, reason);
      protocol.connectionLost(reason);
    }
  }
}
