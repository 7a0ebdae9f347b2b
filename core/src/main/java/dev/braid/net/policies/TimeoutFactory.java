package dev.braid.net.policies;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A factory that wraps each protocol of another factory in a {@link TimeoutProtocol}: the
 * connection is closed after a period with no byte read or written (the idle timeout, default
 * {@link #DEFAULT_IDLE_TIMEOUT}), and after a maximum lifetime however busy it is (none by
 * default). Built once with {@link #builder}; immutable.
 *
 * <pre>{@code
 * ProtocolFactory factory =
 *     TimeoutFactory.builder(peer -> new Echo(), reactor)
 *         .idleTimeout(Duration.ofMinutes(5))
 *         .lifetime(Duration.ofHours(1))
 *         .build();
 * }</pre>
 *
 * <p>{@link #buildProtocol}, {@link #wrap} and every timer run on the reactor thread of {@code
 * time}; {@code startFactory}/{@code stopFactory} are forwarded to the wrapped factory. With a
 * reactor group, make one factory per reactor (each times its own connections).
 */
public final class TimeoutFactory implements ProtocolFactory {
  /** The default idle timeout: 30 minutes (Twisted's). */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

  /**
   * The default abort grace: 10 seconds from the timeout's {@code loseConnection} to an {@code
   * abortConnection} if the connection is still open (its peer is not reading what is left).
   */
  public static final Duration DEFAULT_ABORT_GRACE = Duration.ofSeconds(10);

  private final ProtocolFactory wrapped;
  private final ReactorTime time;
  private final Duration idleTimeout;
  private final Duration lifetime;
  private final Duration abortGrace;

  private TimeoutFactory(Builder b) {
    this.wrapped = b.wrapped;
    this.time = b.time;
    this.idleTimeout = b.idleTimeout;
    this.lifetime = b.lifetime;
    this.abortGrace = b.abortGrace;
  }

  /**
   * A builder for a factory wrapping {@code wrapped}, timing with {@code time} (the reactor that
   * serves the connections, or a fake clock in tests).
   */
  public static Builder builder(ProtocolFactory wrapped, ReactorTime time) {
    return new Builder(wrapped, time);
  }

  /** The idle timeout, if there is one. */
  public Optional<Duration> idleTimeout() {
    return Optional.ofNullable(idleTimeout);
  }

  /** The maximum lifetime of a connection, if there is one. */
  public Optional<Duration> lifetime() {
    return Optional.ofNullable(lifetime);
  }

  /** How long a timed-out connection may take to close before it is aborted. */
  public Duration abortGrace() {
    return abortGrace;
  }

  ReactorTime time() {
    return time;
  }

  /** Builds the wrapped factory's protocol and wraps it. */
  @Override
  public TimeoutProtocol buildProtocol(SocketAddress peer) {
    return wrap(
        Objects.requireNonNull(wrapped.buildProtocol(peer), "the wrapped factory built null"));
  }

  /**
   * Wraps one protocol with this factory's timeouts, for example a client protocol before {@code
   * connectProtocol(timeouts.wrap(client))}.
   */
  public TimeoutProtocol wrap(Protocol protocol) {
    return new TimeoutProtocol(protocol, this);
  }

  @Override
  public void startFactory() {
    wrapped.startFactory();
  }

  @Override
  public void stopFactory() {
    wrapped.stopFactory();
  }

  /** Sets up a {@link TimeoutFactory}. Not thread-safe; use it on one thread. */
  public static final class Builder {
    private final ProtocolFactory wrapped;
    private final ReactorTime time;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration lifetime;
    private Duration abortGrace = DEFAULT_ABORT_GRACE;

    private Builder(ProtocolFactory wrapped, ReactorTime time) {
      this.wrapped = Objects.requireNonNull(wrapped, "wrapped");
      this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * Closes a connection after {@code timeout} (positive) with no byte read or written. Default
     * {@link #DEFAULT_IDLE_TIMEOUT}.
     */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idle timeout");
      return this;
    }

    /** No idle timeout. */
    public Builder noIdleTimeout() {
      this.idleTimeout = null;
      return this;
    }

    /**
     * Closes a connection {@code lifetime} (positive) after it was made, busy or not. Default: no
     * limit.
     */
    public Builder lifetime(Duration lifetime) {
      this.lifetime = positive(lifetime, "lifetime");
      return this;
    }

    /**
     * How long a timed-out connection may take to close cleanly before it is aborted (positive).
     * Default {@link #DEFAULT_ABORT_GRACE}.
     */
    public Builder abortGrace(Duration grace) {
      this.abortGrace = positive(grace, "abort grace");
      return this;
    }

    /** The factory. */
    public TimeoutFactory build() {
      return new TimeoutFactory(this);
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the " + what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
