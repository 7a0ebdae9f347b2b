package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.defer.ThrowingSupplier;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;

/**
 * Deferreds that fire after a delay on a {@link ReactorTime} (Twisted's {@code task.deferLater}).
 *
 * <pre>{@code
 * Deferred<String> greeting = Timing.deferLater(reactor, Duration.ofSeconds(2), () -> "hello");
 * greeting.cancel(); // before the 2 s are up: the work never runs, greeting fails
 * }</pre>
 *
 * <p>Why not {@link ReactorTime#callLater} directly? A Deferred composes: it can be chained,
 * combined with others, given a timeout, and cancelled by whoever holds it, and an error thrown by
 * the work lands on its errback path instead of the reactor's log.
 *
 * <p>Call these methods on the reactor thread of {@code time}; the work and the Deferred's
 * callbacks run there.
 */
public final class Timing {
  private Timing() {}

  /**
   * A Deferred that fires with {@code null} once {@code delay} has passed (a zero or negative delay
   * means the next turn of the loop). Cancelling it before then cancels the delayed call, and the
   * Deferred fails with {@link java.util.concurrent.CancellationException}.
   *
   * <p>For delayed work that itself returns a Deferred, chain it: {@code deferLater(time,
   * delay).addDeferredCallback(ignored -> work())}.
   */
  public static Deferred<Void> deferLater(ReactorTime time, Duration delay) {
    if (delay == null) {
      throw new NullPointerException("delay");
    }
    DelayedCall[] call = new DelayedCall[1];
    Deferred<Void> d =
        new Deferred<>(
            self -> {
              if (call[0].active()) {
                call[0].cancel();
              }
            });
    call[0] = time.callLater(delay, () -> d.callback(null));
    return d;
  }

  /**
   * A Deferred that, once {@code delay} has passed, runs {@code work} and fires with its result, or
   * fails with the exception it throws. Cancelling it before then cancels the delayed call ({@code
   * work} never runs) and the Deferred fails with {@link
   * java.util.concurrent.CancellationException}.
   */
  public static <T> Deferred<T> deferLater(
      ReactorTime time, Duration delay, ThrowingSupplier<? extends T> work) {
    if (work == null) {
      throw new NullPointerException("work");
    }
    return deferLater(time, delay).addCallback(ignored -> work.get());
  }
}
