package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.LoggedErrors;
import dev.braid.time.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

@BraidTest
class CooperatorTest {
  private static final Duration TICK = Cooperator.DEFAULT_TICK_INTERVAL;

  private final FakeClock clock = new FakeClock();
  private final List<String> steps = new ArrayList<>();

  /**
   * A job of {@code length} steps named {@code name}; each step logs "name+index", advances the
   * clock by {@code cost} (the work it stands for) and returns what {@code elements} says for that
   * index (or the index).
   */
  private final class Job implements Iterator<Object> {
    final String name;
    final int length;
    final Duration cost;
    final Map<Integer, Object> elements = new HashMap<>();
    int next;

    Job(String name, int length, Duration cost) {
      this.name = name;
      this.length = length;
      this.cost = cost;
    }

    @Override
    public boolean hasNext() {
      return next < length;
    }

    @Override
    public Object next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int i = next++;
      steps.add(name + i);
      clock.advance(cost);
      Object element = elements.getOrDefault(i, i);
      if (element instanceof RuntimeException e) {
        throw e;
      }
      return element;
    }
  }

  private static <T> AtomicReference<Outcome<T>> outcomeOf(Deferred<T> d) {
    AtomicReference<Outcome<T>> out = new AtomicReference<>();
    d.addBoth(
        o -> {
          out.set(o);
          return null;
        });
    return out;
  }

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  @Test
  void theFirstTickComesOneTickIntervalAfterCooperate() {
    Cooperator cooperator = Cooperator.create(clock);
    cooperator.cooperate(new Job("a", 3, ms(1)));
    assertThat(steps).isEmpty();
    clock.advance(ms(9));
    assertThat(steps).isEmpty();
    clock.advance(ms(1));
    assertThat(steps).containsExactly("a0", "a1", "a2");
  }

  @Test
  void aTickTakesStepsRoundRobinUntilTheTimeSliceIsUsed() {
    Cooperator cooperator = Cooperator.create(clock);
    cooperator.cooperate(new Job("a", 100, ms(1)));
    cooperator.cooperate(new Job("b", 100, ms(1)));

    clock.advance(TICK);

    assertThat(steps).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
    assertThat(clock.nanoTime()).isEqualTo(ms(20).toNanos());
    assertThat(clock.pendingCalls())
        .singleElement()
        .extracting(DelayedCall::dueNanos)
        .isEqualTo(ms(30).toNanos());
    cooperator.stop();
  }

  @Test
  void theRoundRobinGoesOnWhereThePreviousTickStopped() {
    Cooperator cooperator = Cooperator.create(clock);
    cooperator.cooperate(new Job("a", 100, ms(6)));
    cooperator.cooperate(new Job("b", 100, ms(6)));
    cooperator.cooperate(new Job("c", 100, ms(6)));

    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "b0");
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "b0", "c0", "a1");
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "b0", "c0", "a1", "b1", "c1");
    cooperator.stop();
  }

  @Test
  void aStepLongerThanTheSliceStillGetsOneStepPerTick() {
    Cooperator cooperator = Cooperator.create(clock);
    cooperator.cooperate(new Job("a", 3, ms(50)));
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0");
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "a1");
    cooperator.stop();
  }

  @Test
  void theBuilderSetsTheTimeSliceAndTheTickInterval() {
    Cooperator cooperator =
        Cooperator.builder(clock).timeSlice(ms(3)).tickInterval(ms(100)).build();
    cooperator.cooperate(new Job("a", 100, ms(1)));

    clock.advance(ms(99));
    assertThat(steps).isEmpty();
    clock.advance(ms(1));
    assertThat(steps).containsExactly("a0", "a1", "a2");
    cooperator.stop();
  }

  @Test
  void theBuilderRejectsAnEmptyTimeSliceAndANegativeTickInterval() {
    assertThatThrownBy(() -> Cooperator.builder(clock).timeSlice(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time slice");
    assertThatThrownBy(() -> Cooperator.builder(clock).tickInterval(ms(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tick interval");
  }

  @Test
  void whenDoneFiresWithTheIteratorOnceItIsExhausted() {
    Cooperator cooperator = Cooperator.create(clock);
    Job job = new Job("a", 2, ms(1));
    CooperativeTask task = cooperator.cooperate(job);
    var first = outcomeOf(task.whenDone());
    var second = outcomeOf(task.whenDone());

    clock.advance(TICK);

    assertThat(first.get()).isEqualTo(new Outcome.Success<>(job));
    assertThat(second.get()).isEqualTo(new Outcome.Success<>(job));
    assertThat(outcomeOf(task.whenDone()).get()).isEqualTo(new Outcome.Success<>(job));
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void coiterateFiresWithTheIteratorWhenItIsExhausted() {
    Cooperator cooperator = Cooperator.create(clock);
    Job job = new Job("a", 30, ms(1));
    var done = outcomeOf(cooperator.coiterate(job));

    clock.advance(TICK);
    clock.advance(TICK);
    clock.advance(TICK);
    assertThat(steps).hasSize(30);
    assertThat(done.get()).isNull(); // the slice ended before the step that finds the end

    clock.advance(TICK);
    assertThat(done.get()).isEqualTo(new Outcome.Success<>(job));
  }

  @Test
  void aPausedTaskTakesNoStepsUntilResumed() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask a = cooperator.cooperate(new Job("a", 100, ms(1)));
    cooperator.cooperate(new Job("b", 2, ms(1)));
    a.pause();

    clock.advance(TICK);
    assertThat(steps).containsExactly("b0", "b1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(steps).containsExactly("b0", "b1");
    assertThat(clock.pendingCalls()).isEmpty();

    a.resume();
    clock.advance(TICK);
    assertThat(steps).startsWith("b0", "b1", "a0");
    cooperator.stop();
  }

  @Test
  void aTaskPausedTwiceNeedsTwoResumes() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask a = cooperator.cooperate(new Job("a", 1, ms(1)));
    a.pause();
    a.pause();
    a.resume();
    clock.advance(TICK);
    assertThat(steps).isEmpty();
    a.resume();
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0");
  }

  @Test
  void resumingATaskThatIsNotPausedThrows() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask a = cooperator.cooperate(new Job("a", 1, ms(1)));
    assertThatThrownBy(a::resume)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not paused");
    cooperator.stop();
    outcomeOf(a.whenDone());
  }

  @Test
  void aDeferredElementPausesItsTaskUntilItFires() {
    Cooperator cooperator = Cooperator.create(clock);
    Deferred<String> io = new Deferred<>();
    Job a = new Job("a", 3, ms(1));
    a.elements.put(0, io);
    CooperativeTask task = cooperator.cooperate(a);
    cooperator.cooperate(new Job("b", 3, ms(1)));

    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "b0", "b1", "b2");
    clock.advance(Duration.ofSeconds(1));
    assertThat(steps).hasSize(4);

    io.callback("ready");
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "b0", "b1", "b2", "a1", "a2");
    assertThat(outcomeOf(task.whenDone()).get()).isInstanceOf(Outcome.Success.class);
    assertThat(outcomeOf(io).get()).isEqualTo(new Outcome.Success<>("ready"));
  }

  @Test
  void anAlreadyFiredDeferredElementDoesNotStopTheTask() {
    Cooperator cooperator = Cooperator.create(clock);
    Job a = new Job("a", 3, ms(1));
    a.elements.put(1, Deferred.succeed("now"));
    cooperator.cooperate(a);
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0", "a1", "a2");
  }

  @Test
  void aFailedDeferredElementFailsTheTask() {
    Cooperator cooperator = Cooperator.create(clock);
    Deferred<String> io = new Deferred<>();
    Job a = new Job("a", 3, ms(1));
    a.elements.put(0, io);
    var done = outcomeOf(cooperator.coiterate(a));
    clock.advance(TICK);
    IllegalStateException boom = new IllegalStateException("boom");

    io.errback(boom);

    assertThat(done.get()).isEqualTo(new Outcome.Failure<>(boom));
    clock.advance(TICK);
    assertThat(steps).containsExactly("a0");
  }

  @Test
  void aThrowingIteratorFailsItsTaskAndTheOthersGoOn() {
    Cooperator cooperator = Cooperator.create(clock);
    IllegalStateException boom = new IllegalStateException("boom");
    Job a = new Job("a", 5, ms(1));
    a.elements.put(1, boom);
    var failed = outcomeOf(cooperator.coiterate(a));
    var other = outcomeOf(cooperator.coiterate(new Job("b", 3, ms(1))));

    clock.advance(TICK);

    assertThat(failed.get()).isEqualTo(new Outcome.Failure<>(boom));
    assertThat(other.get()).isInstanceOf(Outcome.Success.class);
    assertThat(steps).containsExactly("a0", "b0", "a1", "b1", "b2");
  }

  @Test
  void aFailureAskedForAfterwardsIsHandedOutAndNotLogged() {
    Cooperator cooperator = Cooperator.create(clock);
    IllegalStateException boom = new IllegalStateException("boom");
    Job a = new Job("a", 5, ms(1));
    a.elements.put(0, boom);
    CooperativeTask task = cooperator.cooperate(a);
    clock.advance(TICK);

    assertThat(outcomeOf(task.whenDone()).get()).isEqualTo(new Outcome.Failure<>(boom));
    assertThat(outcomeOf(task.whenDone()).get()).isEqualTo(new Outcome.Failure<>(boom));
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.pending()).isEmpty();
  }

  @Test
  void aFailureNobodyAskedForIsLoggedAsUnhandled() {
    Cooperator cooperator = Cooperator.create(clock);
    Job a = new Job("a", 5, ms(1));
    a.elements.put(0, new UnsupportedOperationException("nobody listens"));
    cooperator.cooperate(a);
    clock.advance(TICK);

    UnhandledErrors.collectNow();

    assertThat(LoggedErrors.flush(UnsupportedOperationException.class)).hasSize(1);
  }

  @Test
  void stopEndsTheTaskAndFailsWhenDoneWithTaskStopped() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask task = cooperator.cooperate(new Job("a", 100, ms(1)));
    var done = outcomeOf(task.whenDone());
    clock.advance(TICK);

    task.stop();

    assertThat(done.get())
        .isInstanceOfSatisfying(
            Outcome.Failure.class,
            f -> assertThat(f.error()).isInstanceOf(CooperativeTask.TaskStoppedException.class));
    clock.advance(TICK);
    assertThat(steps).hasSize(10);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stoppingAFinishedTaskThrows() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask task = cooperator.cooperate(new Job("a", 1, ms(1)));
    clock.advance(TICK);
    assertThatThrownBy(task::stop)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already finished (done)");
  }

  @Test
  void aTaskStoppedWhileWaitingIgnoresTheDeferredItWaitedOn() {
    Cooperator cooperator = Cooperator.create(clock);
    Deferred<String> io = new Deferred<>();
    Job a = new Job("a", 3, ms(1));
    a.elements.put(0, io);
    CooperativeTask task = cooperator.cooperate(a);
    clock.advance(TICK);
    task.stop();
    outcomeOf(task.whenDone());

    io.callback("late");
    clock.advance(TICK);

    assertThat(steps).containsExactly("a0");
    assertThat(io.called()).isTrue();
  }

  @Test
  void stoppingTheCooperatorStopsEveryTaskAndRefusesNewJobs() {
    Cooperator cooperator = Cooperator.create(clock);
    CooperativeTask a = cooperator.cooperate(new Job("a", 100, ms(1)));
    CooperativeTask b = cooperator.cooperate(new Job("b", 100, ms(1)));
    b.pause();
    var doneA = outcomeOf(a.whenDone());
    var doneB = outcomeOf(b.whenDone());

    cooperator.stop();

    assertThat(cooperator.running()).isFalse();
    for (var done : List.of(doneA, doneB)) {
      assertThat(done.get())
          .isInstanceOfSatisfying(
              Outcome.Failure.class,
              f -> assertThat(f.error()).isInstanceOf(CooperativeTask.TaskStoppedException.class));
    }
    assertThat(clock.pendingCalls()).isEmpty();
    assertThatThrownBy(() -> cooperator.cooperate(new Job("c", 1, ms(1))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stopped");
    cooperator.stop();
    assertThat(steps).isEmpty();
  }

  @Test
  void aStepMayStopItsOwnTask() {
    Cooperator cooperator = Cooperator.create(clock);
    AtomicReference<CooperativeTask> self = new AtomicReference<>();
    Iterator<Integer> job =
        new Iterator<>() {
          int i;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public Integer next() {
            steps.add("s" + i);
            if (i == 2) {
              self.get().stop();
            }
            return i++;
          }
        };
    self.set(cooperator.cooperate(job));
    var done = outcomeOf(self.get().whenDone());

    clock.advance(TICK);

    assertThat(steps).containsExactly("s0", "s1", "s2");
    assertThat(done.get()).isInstanceOf(Outcome.Failure.class);
    assertThat(clock.pendingCalls()).isEmpty();
  }
}
