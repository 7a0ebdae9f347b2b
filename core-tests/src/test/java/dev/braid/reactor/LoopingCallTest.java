package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.time.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@BraidTest
class LoopingCallTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private final FakeClock clock = new FakeClock();
  private final List<Long> callTimes = new ArrayList<>();

  private void record() {
    callTimes.add(clock.nanoTime());
  }

  private static long secs(double s) {
    return (long) (s * 1e9);
  }

  private static Duration millis(long ms) {
    return Duration.ofMillis(ms);
  }

  /** Captures the outcome of {@code d} (and so handles its error); null until it fires. */
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
  void startRunsTheTaskAtOnceAndThenOncePerInterval() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    loop.start(SECOND);
    assertThat(callTimes).containsExactly(0L);
    clock.advance(millis(999));
    assertThat(callTimes).containsExactly(0L);
    clock.advance(millis(1));
    clock.advance(SECOND);
    assertThat(callTimes).containsExactly(0L, secs(1), secs(2));
    loop.stop();
  }

  @Test
  void startAfterIntervalMakesTheFirstCallOneIntervalLater() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    loop.startAfterInterval(SECOND);
    assertThat(callTimes).isEmpty();
    clock.advance(SECOND);
    clock.advance(SECOND);
    assertThat(callTimes).containsExactly(secs(1), secs(2));
    loop.stop();
  }

  @Test
  void stopFiresTheStartDeferredWithTheLoopAndEndsTheCalls() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    var outcome = outcomeOf(loop.start(SECOND));
    clock.advance(SECOND);
    assertThat(outcome.get()).isNull();
    assertThat(loop.running()).isTrue();

    loop.stop();

    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(loop));
    assertThat(loop.running()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(callTimes).hasSize(2);
  }

  @Test
  void aTaskThatThrowsStopsTheLoopAndFailsTheStartDeferred() {
    IllegalStateException boom = new IllegalStateException("boom");
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              record();
              if (callTimes.size() == 2) {
                throw boom;
              }
            });
    var outcome = outcomeOf(loop.start(SECOND));
    clock.advance(SECOND);

    assertThat(outcome.get()).isEqualTo(new Outcome.Failure<>(boom));
    assertThat(loop.running()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aFirstCallThatThrowsReturnsAnAlreadyFailedDeferred() {
    IllegalStateException boom = new IllegalStateException("boom");
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              throw boom;
            });
    var outcome = outcomeOf(loop.start(SECOND));
    assertThat(outcome.get()).isEqualTo(new Outcome.Failure<>(boom));
    assertThat(loop.running()).isFalse();
  }

  @Test
  void aTaskMayStopItsOwnLoop() {
    AtomicReference<LoopingCall> self = new AtomicReference<>();
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              record();
              if (callTimes.size() == 3) {
                self.get().stop();
              }
            });
    self.set(loop);
    var outcome = outcomeOf(loop.start(SECOND));
    clock.advance(Duration.ofSeconds(5));

    assertThat(callTimes).containsExactly(0L, secs(1), secs(2));
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(loop));
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aDeferredTaskDelaysTheNextCallUntilItFiresAndWaitingIsNotReplayed() {
    List<Deferred<String>> issued = new ArrayList<>();
    LoopingCall loop =
        LoopingCall.ofDeferred(
            clock,
            () -> {
              record();
              Deferred<String> d = new Deferred<>();
              issued.add(d);
              return d;
            });
    loop.start(SECOND);
    clock.advance(millis(5500));
    assertThat(callTimes).containsExactly(0L);
    assertThat(clock.pendingCalls()).isEmpty();

    issued.get(0).callback("done");
    clock.advance(millis(500));

    assertThat(callTimes).containsExactly(0L, secs(6));
    issued.get(1).callback("done");
    clock.advance(SECOND);
    assertThat(callTimes).containsExactly(0L, secs(6), secs(7));
    loop.stop();
    issued.get(2).callback("done");
  }

  @Test
  void aDeferredTaskThatFiresAtOnceKeepsTheGrid() {
    LoopingCall loop =
        LoopingCall.ofDeferred(
            clock,
            () -> {
              record();
              return Deferred.succeed("now");
            });
    loop.start(SECOND);
    clock.advance(Duration.ofSeconds(2));
    assertThat(callTimes).containsExactly(0L, secs(1), secs(2));
    loop.stop();
  }

  @Test
  void aFailedTaskDeferredStopsTheLoopAndFailsTheStartDeferred() {
    Deferred<String> task = new Deferred<>();
    LoopingCall loop = LoopingCall.ofDeferred(clock, () -> task);
    var outcome = outcomeOf(loop.start(SECOND));
    IllegalStateException boom = new IllegalStateException("boom");

    task.errback(boom);

    assertThat(outcome.get()).isEqualTo(new Outcome.Failure<>(boom));
    assertThat(loop.running()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stopWhileTheTaskDeferredIsOutstandingFiresWhenTheTaskDeferredFires() {
    Deferred<String> task = new Deferred<>();
    LoopingCall loop =
        LoopingCall.ofDeferred(
            clock,
            () -> {
              record();
              return task;
            });
    var outcome = outcomeOf(loop.start(SECOND));

    loop.stop();
    assertThat(loop.running()).isFalse();
    assertThat(outcome.get()).isNull();

    task.callback("late");
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(loop));
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(callTimes).hasSize(1);
  }

  @Test
  void aTaskDeferredFailingAfterStopFailsTheStartDeferred() {
    Deferred<String> task = new Deferred<>();
    LoopingCall loop = LoopingCall.ofDeferred(clock, () -> task);
    var outcome = outcomeOf(loop.start(SECOND));
    loop.stop();
    IllegalStateException boom = new IllegalStateException("boom");

    task.errback(boom);

    assertThat(outcome.get()).isEqualTo(new Outcome.Failure<>(boom));
  }

  @Test
  void restartingBeforeTheStoppedTaskDeferredFiredIsRefused() {
    Deferred<String> task = new Deferred<>();
    LoopingCall loop = LoopingCall.ofDeferred(clock, () -> task);
    var outcome = outcomeOf(loop.start(SECOND));
    loop.stop();

    assertThatThrownBy(() -> loop.start(SECOND))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outstanding");
    task.callback("done");
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(loop));
  }

  @Test
  void startingARunningLoopThrows() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    loop.start(SECOND);
    assertThatThrownBy(() -> loop.start(SECOND))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already running");
    assertThatThrownBy(() -> loop.startAfterInterval(SECOND))
        .isInstanceOf(IllegalStateException.class);
    loop.stop();
  }

  @Test
  void aStoppedLoopCanBeStartedAgainOnANewGrid() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    loop.start(SECOND);
    loop.stop();
    clock.advance(millis(300));

    loop.start(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));

    assertThat(callTimes).containsExactly(0L, secs(0.3), secs(2.3));
    assertThat(loop.interval()).contains(Duration.ofSeconds(2));
    loop.stop();
  }

  @Test
  void aNegativeIntervalIsRejected() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    assertThatThrownBy(() -> loop.start(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("negative");
    assertThat(loop.running()).isFalse();
    assertThat(callTimes).isEmpty();
  }

  @Test
  void stoppingALoopThatIsNotRunningThrows() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    assertThatThrownBy(loop::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not running");
  }

  @Test
  void intervalIsEmptyBeforeTheFirstStartAndKeptAfterStop() {
    LoopingCall loop = LoopingCall.of(clock, this::record);
    assertThat(loop.interval()).isEmpty();
    loop.start(millis(250));
    assertThat(loop.interval()).contains(millis(250));
    loop.stop();
    assertThat(loop.interval()).contains(millis(250));
  }

  @Test
  void zeroIntervalRunsTheTaskOncePerTurnWithoutMovingTime() {
    AtomicReference<LoopingCall> self = new AtomicReference<>();
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              record();
              if (callTimes.size() == 3) {
                self.get().stop();
              }
            });
    self.set(loop);
    var outcome = outcomeOf(loop.start(Duration.ZERO));
    assertThat(callTimes).containsExactly(0L);
    assertThat(clock.pendingCalls())
        .singleElement()
        .extracting(DelayedCall::dueNanos)
        .isEqualTo(0L);

    clock.runDue();

    assertThat(callTimes).containsExactly(0L, 0L, 0L);
    assertThat(outcome.get()).isEqualTo(new Outcome.Success<>(loop));
  }

  @Test
  void aTaskThatTakesLongerThanTheIntervalSkipsTheMissedTicks() {
    LoopingCall loop =
        LoopingCall.of(
            clock,
            () -> {
              record();
              if (callTimes.size() == 2) {
                clock.advance(millis(2500)); // the call at 1 s works until 3.5 s
              }
            });
    loop.start(SECOND);
    clock.advance(SECOND);
    assertThat(clock.nanoTime()).isEqualTo(secs(3.5));

    clock.advance(millis(500));
    clock.advance(SECOND);

    assertThat(callTimes).containsExactly(0L, secs(1), secs(4), secs(5));
    loop.stop();
  }

  @Test
  void withCountPassesOneWhileTheLoopKeepsUp() {
    List<Integer> counts = new ArrayList<>();
    LoopingCall loop = LoopingCall.withCount(clock, counts::add);
    loop.start(SECOND);
    clock.advance(Duration.ofSeconds(3));
    assertThat(counts).containsExactly(1, 1, 1, 1);
    loop.stop();
  }

  @Test
  void withCountStartedAfterIntervalPassesOneFirst() {
    List<Integer> counts = new ArrayList<>();
    LoopingCall loop = LoopingCall.withCount(clock, counts::add);
    loop.startAfterInterval(SECOND);
    clock.advance(Duration.ofSeconds(2));
    assertThat(counts).containsExactly(1, 1);
    loop.stop();
  }

  @Test
  void withCountReportsTheTicksSkippedWhileTheTaskRanLate() {
    List<Integer> counts = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    LoopingCall loop =
        LoopingCall.withCount(
            clock,
            count -> {
              counts.add(count);
              times.add(clock.nanoTime());
              if (counts.size() == 1) {
                clock.advance(millis(2500)); // misses the ticks at 1 s and 2 s
              }
            });
    loop.start(SECOND);
    clock.advance(millis(500));
    clock.advance(SECOND);

    assertThat(times).containsExactly(0L, secs(3), secs(4));
    assertThat(counts).containsExactly(1, 3, 1);
    loop.stop();
  }

  @Test
  void withCountDeferredCountsTheIntervalsSpentWaitingOnTheTask() {
    List<Integer> counts = new ArrayList<>();
    List<Deferred<Void>> issued = new ArrayList<>();
    LoopingCall loop =
        LoopingCall.withCountDeferred(
            clock,
            count -> {
              counts.add(count);
              Deferred<Void> d = new Deferred<>();
              issued.add(d);
              return d;
            });
    loop.start(SECOND);
    clock.advance(millis(3500));
    issued.get(0).callback(null);
    clock.advance(millis(500));

    assertThat(counts).containsExactly(1, 4);
    loop.stop();
    issued.get(1).callback(null);
  }
}
