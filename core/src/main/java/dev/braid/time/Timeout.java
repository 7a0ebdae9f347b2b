package dev.braid.time;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A restartable deadline that a protocol keeps as a field (Twisted's {@code TimeoutMixin}), made by
 * {@link ReactorTime#timeout(Runnable)}. One class serves the three deadlines a protocol has:
 *
 * <ul>
 *   <li><b>idle</b>: {@link #setTimeout} when the connection is made, {@link #resetTimeout()} on
 *       each sign of life (a read, a request finished);
 *   <li><b>handshake</b> (or headers, greeting): {@link #setTimeout} at the start, {@link
 *       #cancelTimeout()} when the handshake is done;
 *   <li><b>lifetime</b>: {@link #setTimeout} once, never reset.
 * </ul>
 *
 * <p>When a period passes without a reset the callback runs once. {@link #cancelTimeout()} disarms
 * it: call it from {@code connectionLost}, or the delayed call stays pending (the testing kit's
 * dirty-reactor check reports it).
 *
 * <pre>{@code
 * private final Timeout idle = reactor.timeout(this::timedOut);
 * public void connectionMade(Transport t) { ...; idle.setTimeout(Duration.ofSeconds(15)); }
 * public void dataReceived(ByteBuffer data) { idle.resetTimeout(); ... }
 * public void connectionLost(Throwable reason) { idle.cancelTimeout(); }
 * }</pre>
 *
 * <p>A reset moves the pending {@link DelayedCall} (O(1) on Braid's reactor), so calling it on
 * every read is cheap. Reactor thread only.
 */
public final class Timeout {
  private final ReactorTime time;
  private final Runnable onTimeout;
  private Duration period;
  private DelayedCall call;

  /**
   * A disarmed timer that runs {@code onTimeout} on the reactor thread when a period set with
   * {@link #setTimeout} passes without {@link #resetTimeout()}; {@link ReactorTime#timeout} is the
   * shorter way to make one.
   */
  public Timeout(ReactorTime time, Runnable onTimeout) {
    this.time = Objects.requireNonNull(time, "time");
    this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
  }

  /**
   * Arms the timer with {@code period} (a positive duration), starting now; replaces any period set
   * before.
   */
  public void setTimeout(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a timeout must be positive, got " + period);
    }
    this.period = period;
    if (call != null && call.active()) {
      call.reset(period);
    } else {
      call = time.callLater(period, this::fire);
    }
  }

  /**
   * Restarts the current period from now. Does nothing when the timer is disarmed or has already
   * fired.
   */
  public void resetTimeout() {
    if (call != null && call.active()) {
      call.reset(period);
    }
  }

  /**
   * Disarms the timer (cancels its pending call); it can be armed again with {@link #setTimeout}.
   */
  public void cancelTimeout() {
    if (call != null && call.active()) {
      call.cancel();
    }
    call = null;
    period = null;
  }

  /** The period last set, while the timer is armed. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(period);
  }

  /** True while a period is running (armed and not yet fired). */
  public boolean pending() {
    return call != null && call.active();
  }

  private void fire() {
    call = null;
    period = null;
    onTimeout.run();
  }
}
