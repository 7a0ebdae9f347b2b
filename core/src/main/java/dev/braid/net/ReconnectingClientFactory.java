package dev.braid.net;

import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ClientFactory} that connects again, with exponential backoff, whenever a connection
 * attempt fails or an established connection is lost (Twisted's {@code ReconnectingClientFactory}).
 * It wraps the {@link ProtocolFactory} that makes the protocols, so any factory (a lambda, too) can
 * reconnect without subclassing:
 *
 * <pre>{@code
 * var factory = ReconnectingClientFactory.builder(reactor, peer -> new ChatClient()).build();
 * reactor.connectTcp("chat.example.com", 6667, factory);
 * ...
 * factory.stopTrying(); // no more attempts; an established connection stays open
 * }</pre>
 *
 * <h2>Delays</h2>
 *
 * After the n-th failure in a row (n = 1, 2, ...) it calls {@link Connector#connect()} after {@code
 * initialDelay * factor^(n-1)}, capped at {@code maxDelay}, spread by a random factor in {@code [1
 * - jitter, 1 + jitter)} and capped again at {@code maxDelay}. The defaults are those of Twisted:
 * initial delay 1 s, factor e (about 2.718), jitter 0.1196, max delay 3600 s, so the retries come
 * after about 1 s, 2.7 s, 7.4 s, 20 s, 55 s, ... up to an hour. The jitter keeps many clients that
 * lost the same server from coming back in lockstep. Unlike Twisted's ReconnectingClientFactory,
 * the first retry waits the initial delay itself (as Twisted's newer {@code ClientService} does).
 *
 * <p>With {@link Builder#maxRetries}, it gives up (logs and stops scheduling) after that many
 * retries in a row; a later successful connection starts the count again.
 *
 * <h2>When the delay is reset</h2>
 *
 * By default a successful connection resets the delay and the retry count: {@link #buildProtocol}
 * calls {@link #resetDelay()} once the wrapped factory has made the protocol. When a connection
 * only counts as good later (after a TLS handshake, a login, a first reply), build the factory with
 * {@link Builder#resetDelayOnConnect resetDelayOnConnect(false)} and have the protocol call {@link
 * #resetDelay()} at that point (in its {@code connectionMade} or later); otherwise a server that
 * accepts and at once drops connections would be retried at the initial delay forever.
 *
 * <h2>The wrapped factory</h2>
 *
 * {@link #buildProtocol}, {@link #startFactory} and {@link #stopFactory} are forwarded to it. If it
 * is itself a {@link ClientFactory}, it also hears {@link #startedConnecting}, {@link
 * #clientConnectionFailed} and {@link #clientConnectionLost}, before the retry is scheduled.
 *
 * <p>Not thread-safe: the reactor calls it on its thread, and {@link #stopTrying()} and {@link
 * #resetDelay()} must be called there too.
 */
public final class ReconnectingClientFactory implements ClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ReconnectingClientFactory.class);

  /** The default delay before the first retry: 1 s. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);

  /** The default longest delay between two attempts: 3600 s. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(3600);

  /** The default growth of the delay per failure: e, as in Twisted. */
  public static final double DEFAULT_FACTOR = Math.E;

  /** The default spread of a delay: plus or minus about 12 %, Twisted's figure. */
  public static final double DEFAULT_JITTER = 0.11962656472;

  private final ReactorTime time;
  private final ProtocolFactory protocols;
  private final Backoff backoff;
  private final OptionalInt maxRetries;
  private final RandomGenerator random;
  private final boolean resetDelayOnConnect;

  private int retries;
  private boolean stopped;
  private DelayedCall pendingRetry;
  private Connector connector;

  private ReconnectingClientFactory(Builder b) {
    this.time = b.time;
    this.protocols = b.protocols;
    this.backoff = new Backoff(b.initialDelay, b.maxDelay, b.factor, b.jitter);
    this.maxRetries = b.maxRetries;
    this.random = b.random != null ? b.random : RandomGenerator.getDefault();
    this.resetDelayOnConnect = b.resetDelayOnConnect;
  }

  /**
   * A builder for a factory that schedules its retries on {@code time} and gets its protocols from
   * {@code protocols}.
   */
  public static Builder builder(ReactorTime time, ProtocolFactory protocols) {
    return new Builder(time, protocols);
  }

  // ------------------------------------------------------------ ClientFactory

  /**
   * Builds the protocol with the wrapped factory and, unless configured otherwise, {@link
   * #resetDelay() resets the delay}. An exception from the wrapped factory passes through and
   * resets nothing.
   */
  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    Protocol protocol = protocols.buildProtocol(peer);
    if (resetDelayOnConnect) {
      resetDelay();
    }
    return protocol;
  }

  /** Forwards to the wrapped factory. */
  @Override
  public void startFactory() {
    protocols.startFactory();
  }

  /** Forwards to the wrapped factory. */
  @Override
  public void stopFactory() {
    protocols.stopFactory();
  }

  /** Remembers {@code connector}, so that {@link #stopTrying()} can stop this attempt. */
  @Override
  public void startedConnecting(Connector connector) {
    this.connector = connector;
    if (protocols instanceof ClientFactory client) {
      client.startedConnecting(connector);
    }
  }

  /** Schedules a retry, unless {@link #stopTrying()} was called or the retries are used up. */
  @Override
  public void clientConnectionFailed(Connector connector, Throwable reason) {
    if (protocols instanceof ClientFactory client) {
      client.clientConnectionFailed(connector, reason);
    }
    LOG.debug("Connection to {} failed: {}", connector.destination(), reason.toString());
    retry(connector);
  }

  /** Schedules a retry, unless {@link #stopTrying()} was called or the retries are used up. */
  @Override
  public void clientConnectionLost(Connector connector, Throwable reason) {
    if (protocols instanceof ClientFactory client) {
      client.clientConnectionLost(connector, reason);
    }
    LOG.debug("Connection to {} lost: {}", connector.destination(), reason.toString());
    retry(connector);
  }

  // ------------------------------------------------------------ control

  /**
   * Starts the backoff again from the initial delay, with the retry count at zero. Called by {@link
   * #buildProtocol} by default; see the class doc for when to call it yourself. It does not move a
   * retry already scheduled, and does not undo {@link #stopTrying()}.
   */
  public void resetDelay() {
    retries = 0;
  }

  /**
   * Stops reconnecting: cancels a scheduled retry, stops an attempt under way (the factory then
   * hears a failure and does not retry), and schedules no more. An established connection stays
   * open; close it with {@link Connector#disconnect()}. Calling it again does nothing.
   */
  public void stopTrying() {
    stopped = true;
    if (pendingRetry != null) {
      if (pendingRetry.active()) {
        pendingRetry.cancel();
      }
      pendingRetry = null;
    }
    if (connector != null && connector.state() == Connector.State.CONNECTING) {
      connector.stopConnecting();
    }
  }

  /** True until {@link #stopTrying()} is called. */
  public boolean trying() {
    return !stopped;
  }

  /** How many retries were scheduled since the last successful connection ({@link #resetDelay}). */
  public int retries() {
    return retries;
  }

  /** The delay of the retry waiting to run, if one is scheduled. */
  public Optional<Duration> pendingRetryDelay() {
    if (pendingRetry == null || !pendingRetry.active()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(0, pendingRetry.dueNanos() - time.nanoTime())));
  }

  private void retry(Connector connector) {
    this.connector = connector;
    if (stopped) {
      return;
    }
    if (pendingRetry != null && pendingRetry.active()) {
      return; // a retry is already on its way
    }
    retries++;
    if (maxRetries.isPresent() && retries > maxRetries.getAsInt()) {
      LOG.warn("Giving up connecting to {} after {} retries", connector.destination(), retries - 1);
      pendingRetry = null;
      return;
    }
    long delayNanos = nextDelayNanos(retries);
    LOG.info(
        "Will retry connecting to {} in {} (retry {})",
        connector.destination(),
        Duration.ofNanos(delayNanos),
        retries);
    pendingRetry =
        time.callLater(
            Duration.ofNanos(delayNanos),
            () -> {
              pendingRetry = null;
              if (stopped) {
                return;
              }
              try {
                connector.connect();
              } catch (RuntimeException e) {
                LOG.error(
                    "Could not start a new attempt to connect to {}", connector.destination(), e);
              }
            });
  }

  /** The delay before retry number {@code n} (1-based), in nanoseconds. */
  private long nextDelayNanos(int n) {
    return backoff.delay(n, random).toNanos();
  }

  @Override
  public String toString() {
    return "ReconnectingClientFactory["
        + (stopped ? "stopped" : retries + " retries")
        + ", "
        + protocols
        + "]";
  }

  /**
   * Configures a {@link ReconnectingClientFactory}; every setting has a default (see the class
   * doc). Not thread-safe.
   */
  public static final class Builder {
    private final ReactorTime time;
    private final ProtocolFactory protocols;
    private Duration initialDelay = DEFAULT_INITIAL_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;
    private double factor = DEFAULT_FACTOR;
    private double jitter = DEFAULT_JITTER;
    private OptionalInt maxRetries = OptionalInt.empty();
    private RandomGenerator random;
    private boolean resetDelayOnConnect = true;

    private Builder(ReactorTime time, ProtocolFactory protocols) {
      if (time == null) {
        throw new NullPointerException("time");
      }
      if (protocols == null) {
        throw new NullPointerException("protocols");
      }
      this.time = time;
      this.protocols = protocols;
    }

    /** The delay before the first retry (default 1 s). Must be positive. */
    public Builder initialDelay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("initial delay must be positive, got " + delay);
      }
      this.initialDelay = delay;
      return this;
    }

    /** The longest delay between two attempts (default 3600 s). Must be positive. */
    public Builder maxDelay(Duration delay) {
      if (delay.isNegative() || delay.isZero()) {
        throw new IllegalArgumentException("max delay must be positive, got " + delay);
      }
      this.maxDelay = delay;
      return this;
    }

    /** How much the delay grows per failure in a row (default e). Must be at least 1. */
    public Builder factor(double factor) {
      if (!(factor >= 1) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("factor must be a finite number >= 1, got " + factor);
      }
      this.factor = factor;
      return this;
    }

    /**
     * The spread of each delay: it is multiplied by a random number in {@code [1 - jitter, 1 +
     * jitter)} (default 0.1196). Zero turns the spread off. Must be in {@code [0, 1)}.
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** Gives up after {@code n} retries in a row (default: never). Must not be negative. */
    public Builder maxRetries(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("max retries must not be negative, got " + n);
      }
      this.maxRetries = OptionalInt.of(n);
      return this;
    }

    /**
     * The source of the jitter (default: a new {@link RandomGenerator#getDefault()}). Tests pass
     * one with fixed output. It is used on the reactor thread only.
     */
    public Builder random(RandomGenerator random) {
      if (random == null) {
        throw new NullPointerException("random");
      }
      this.random = random;
      return this;
    }

    /**
     * Whether {@link ReconnectingClientFactory#buildProtocol} resets the delay (default true). Set
     * false when the protocol decides when a connection is good and calls {@link
     * ReconnectingClientFactory#resetDelay()} itself.
     */
    public Builder resetDelayOnConnect(boolean reset) {
      this.resetDelayOnConnect = reset;
      return this;
    }

    /**
     * The factory.
     *
     * @throws IllegalArgumentException if the max delay is shorter than the initial delay
     */
    public ReconnectingClientFactory build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "max delay ("
                + maxDelay
                + ") is shorter than the initial delay ("
                + initialDelay
                + ")");
      }
      return new ReconnectingClientFactory(this);
    }
  }
}
