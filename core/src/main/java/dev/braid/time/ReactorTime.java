package dev.braid.time;

import java.time.Duration;

/**
 * The reactor's clock and scheduler. Everything in Braid that needs time takes a {@code
 * ReactorTime} (usually the {@link dev.braid.reactor.Reactor} itself), so tests can pass a fake
 * clock ({@code dev.braid.testing.FakeClock}) and move time by hand. Library code never reads the
 * system clock or sleeps.
 *
 * <p>Only the reactor thread may call these methods (a fake clock: the test's thread).
 */
public interface ReactorTime {
  /**
   * The current time in nanoseconds on a monotonic clock with an arbitrary origin; use it only to
   * measure intervals.
   */
  long nanoTime();

  /**
   * A reading of {@link #nanoTime()} taken during the current turn of the loop: the same clock, no
   * older than the turn (the reactor reads the clock at most once per turn for it), and nearly free
   * to call. For stamps that need no finer precision than one turn, such as a cache of the current
   * second read once per request; never for measuring short intervals. The default reads the clock.
   */
  default long turnNanoTime() {
    return nanoTime();
  }

  /** The current time in seconds on the same clock as {@link #nanoTime()}. */
  default double seconds() {
    return nanoTime() / 1e9;
  }

  /**
   * Runs {@code task} on the reactor thread once {@code delay} has passed (a zero or negative delay
   * means the next turn of the loop). Calls due at the same time run in the order they were
   * scheduled. An exception thrown by the task is logged and does not stop the reactor.
   */
  DelayedCall callLater(Duration delay, Runnable task);

  /**
   * A disarmed {@link Timeout} on this clock that runs {@code onTimeout} when a period set on it
   * passes without a reset: the one helper for idle, handshake and lifetime deadlines.
   */
  default Timeout timeout(Runnable onTimeout) {
    return new Timeout(this, onTimeout);
  }
}
