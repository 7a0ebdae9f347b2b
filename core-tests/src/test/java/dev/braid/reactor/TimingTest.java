package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@BraidTest
class TimingTest {
  private final FakeClock clock = new FakeClock();

  private static <T> AtomicReference<Outcome<T>> outcomeOf(Deferred<T> d) {
    AtomicReference<Outcome<T>> out = new AtomicReference<>();
    d.addBoth(
        o -> {
          out.set(o);
          return null;
        });
    return out;
  }

  @Test
  void deferLaterRunsTheWorkAfterTheDelayAndFiresWithItsResult() {
    AtomicInteger runs = new AtomicInteger();
    var outcome =
        outcomeOf(
            Timing.deferLater(
                clock,
                Duration.ofSeconds(2),
                () -> {
                  runs.incrementAndGet();
                  return "hello";
                }));

    clock.advance(Duration.ofMillis(1999));
    assertThat(runs).hasValue(0);
    assertThat(outcome.get()).isNull();

    clock.advance(Duration.ofMillis(1));
    assertThat(runs).hasValue(1);
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>("hello"));
  }

  @Test
  void deferLaterFailsWithTheExceptionTheWorkThrows() {
    IOException boom = new IOException("boom");
    var outcome =
        outcomeOf(
            Timing.<String>deferLater(
                clock,
                Duration.ofSeconds(1),
                () -> {
                  throw boom;
                }));
    clock.advance(Duration.ofSeconds(1));
    assertThat(outcome.get()).isEqualTo(new Outcome.Failure<>(boom));
  }

  @Test
  void cancellingBeforeTheDelayCancelsTheDelayedCallAndTheWorkNeverRuns() {
    AtomicInteger runs = new AtomicInteger();
    Deferred<Integer> d =
        Timing.deferLater(clock, Duration.ofSeconds(1), () -> runs.incrementAndGet());
    var outcome = outcomeOf(d);
    assertThat(clock.pendingCalls()).hasSize(1);

    d.cancel();

    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(outcome.get())
        .isInstanceOfSatisfying(
            Outcome.Failure.class,
            f -> assertThat(f.error()).isInstanceOf(CancellationException.class));
    clock.advance(Duration.ofSeconds(5));
    assertThat(runs).hasValue(0);
  }

  @Test
  void cancellingAfterItFiredChangesNothing() {
    Deferred<String> d = Timing.deferLater(clock, Duration.ofSeconds(1), () -> "done");
    clock.advance(Duration.ofSeconds(1));
    d.cancel();
    assertThat(outcomeOf(d).get()).isEqualTo(new Outcome.Success<>("done"));
  }

  @Test
  void deferLaterWithoutWorkFiresWithNullAfterTheDelay() {
    var outcome = outcomeOf(Timing.deferLater(clock, Duration.ofMillis(5)));
    clock.advance(Duration.ofMillis(4));
    assertThat(outcome.get()).isNull();
    clock.advance(Duration.ofMillis(1));
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<Void>(null));
  }

  @Test
  void aZeroDelayFiresOnTheNextTurnNotAtOnce() {
    var outcome = outcomeOf(Timing.deferLater(clock, Duration.ZERO, () -> 7));
    assertThat(outcome.get()).isNull();
    clock.runDue();
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(7));
  }

  @Test
  void delayedWorkReturningADeferredIsChainedWithAddDeferredCallback() {
    Deferred<String> inner = new Deferred<>();
    var outcome =
        outcomeOf(
            Timing.deferLater(clock, Duration.ofSeconds(1)).addDeferredCallback(ignored -> inner));
    clock.advance(Duration.ofSeconds(1));
    assertThat(outcome.get()).isNull();
    inner.callback("inner");
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>("inner"));
  }
}
