package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * One coroutine: a body on its own virtual thread, in strict hand-off with whichever thread holds
 * the reactor (the loop thread, a test body, or an outer coroutine body).
 *
 * <p>Invariants: the body runs only between {@link #resume()} and the body's next {@link
 * HandOff#toReactor}; {@link #resume()} and every field below are touched only by the thread that
 * holds the reactor at the time (the volatile hand-off orders the writes between the threads).
 */
final class Coroutine<T> {
  static final ScopedValue<Coroutine<?>> CURRENT = ScopedValue.newInstance();
  private static final AtomicLong IDS = new AtomicLong();

  private final LendableReactor reactor;
  private final Callable<T> body;
  private final long holdWarningNanos;
  private final Logger log;
  private final Thread thread;
  private final HandOff handOff;
  private final Deferred<T> result;
  // The Deferred the body is parked on, or null while it runs or before/after it runs.
  private Deferred<?> awaiting;
  private Outcome<?> resumeWith;
  private Outcome<T> finished;

  Coroutine(LendableReactor reactor, Callable<T> body, Duration holdWarning, Logger log) {
    this.reactor = reactor;
    this.body = Objects.requireNonNull(body, "body");
    this.holdWarningNanos = holdWarning.toNanos();
    this.log = log;
    this.thread =
        Thread.ofVirtual()
            .name("braid-coroutine-" + IDS.incrementAndGet())
            .unstarted(this::runBody);
    this.handOff = new HandOff(reactor, thread);
    this.result = new Deferred<>(cancelled -> interruptAwait());
  }

  /** On the reactor's holder: starts the body and runs it up to its first await (or its end). */
  Deferred<T> start() {
    thread.start();
    resume();
    return result;
  }

  private void runBody() {
    handOff.awaitTurn();
    Outcome<T> outcome;
    try {
      outcome = new Outcome.Success<>(ScopedValue.where(CURRENT, this).call(body::call));
    } catch (Throwable e) {
      outcome = new Outcome.Failure<>(e);
    }
    finished = outcome;
    handOff.toReactor(false);
  }

  /**
   * On the reactor's holder: gives the reactor to the body until it awaits or ends, warns when that
   * took too long, and fires the result when the body ended.
   */
  private void resume() {
    long start = reactor.nanoTime();
    handOff.toBody();
    long held = reactor.nanoTime() - start;
    if (held >= holdWarningNanos) {
      log.warn(
          "Coroutine {} held the reactor for {} ms without awaiting (warning threshold {} ms):"
              + " nothing else ran meanwhile; move blocking work to reactor.deferToThread",
          thread.getName(),
          held / 1_000_000.0,
          holdWarningNanos / 1_000_000.0);
    }
    Outcome<T> done = finished;
    if (done != null) {
      finished = null;
      switch (done) {
        case Outcome.Success<T>(var value) -> result.callback(value);
        case Outcome.Failure<T>(var error) -> result.errback(error);
      }
    }
  }

  /** True on this coroutine's body thread. */
  boolean isBodyThread() {
    return Thread.currentThread() == thread;
  }

  /** On the body thread: the outcome of {@code deferred}, parking the body until it fires. */
  <V> Outcome<V> suspendOn(Deferred<V> deferred) {
    Objects.requireNonNull(deferred, "deferred");
    @SuppressWarnings({"unchecked", "rawtypes"})
    Outcome<V>[] ready = new Outcome[1];
    boolean[] parked = {false};
    deferred.addBoth(
        outcome -> {
          if (parked[0]) {
            parked[0] = false;
            awaiting = null;
            resumeWith = outcome;
            resume();
          } else {
            ready[0] = outcome;
          }
          return null;
        });
    if (ready[0] != null) {
      return ready[0];
    }
    parked[0] = true;
    awaiting = deferred;
    handOff.toReactor(true);
    @SuppressWarnings("unchecked")
    Outcome<V> outcome = (Outcome<V>) resumeWith;
    resumeWith = null;
    return outcome;
  }

  /** The canceller of the result: cancels what the body is parked on, if anything. */
  private void interruptAwait() {
    Deferred<?> parkedOn = awaiting;
    if (parkedOn != null) {
      parkedOn.cancel();
    }
  }
}
