package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.time.DelayedCall;
import dev.braid.time.DelayedCall.AlreadyCalledException;
import dev.braid.time.DelayedCall.AlreadyCancelledException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class FakeClockTest {
  private final FakeClock clock = new FakeClock();
  private final List<String> ran = new ArrayList<>();

  private DelayedCall at(long seconds, String name) {
    return clock.callLater(Duration.ofSeconds(seconds), () -> ran.add(name));
  }

  @Test
  void callsDueAtTheSameTimeRunInTheOrderTheyWereScheduled() {
    at(2, "a");
    at(1, "first");
    at(2, "b");
    at(2, "c");

    clock.advance(Duration.ofSeconds(2));

    assertThat(ran).containsExactly("first", "a", "b", "c");
  }

  @Test
  void aCallRunsOnlyOnceItsTimeHasCome() {
    at(5, "five");

    clock.advance(Duration.ofSeconds(4));
    assertThat(ran).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("five");
  }

  @Test
  void aCallSeesItsOwnDueTimeAsTheCurrentTime() {
    List<Long> seen = new ArrayList<>();
    clock.callLater(Duration.ofSeconds(3), () -> seen.add(clock.nanoTime()));

    clock.advance(Duration.ofSeconds(10));

    assertThat(seen).containsExactly(Duration.ofSeconds(3).toNanos());
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofSeconds(10).toNanos());
    assertThat(clock.seconds()).isEqualTo(10.0);
  }

  @Test
  void advanceRunsCallsScheduledByCallsWhenTheyComeDueWithinTheSameAdvance() {
    clock.callLater(
        Duration.ofSeconds(1),
        () -> {
          ran.add("one");
          clock.callLater(Duration.ofSeconds(2), () -> ran.add("three"));
          clock.callLater(Duration.ofSeconds(10), () -> ran.add("eleven"));
        });
    at(2, "two");

    clock.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("one", "two", "three");
    assertThat(clock.pendingCalls()).hasSize(1);
  }

  @Test
  void zeroAndNegativeDelaysRunAtTheNextRunDueWithoutMovingTime() {
    clock.callLater(Duration.ZERO, () -> ran.add("zero"));
    clock.callLater(Duration.ofSeconds(-5), () -> ran.add("negative"));
    assertThat(ran).isEmpty();

    clock.runDue();

    assertThat(ran).containsExactly("zero", "negative");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void aCancelledCallNeverRunsAndIsNoLongerPending() {
    DelayedCall call = at(1, "cancelled");
    at(2, "kept");

    call.cancel();
    clock.advance(Duration.ofSeconds(5));

    assertThat(ran).containsExactly("kept");
    assertThat(call.active()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void resetMovesTheCallToTheGivenDelayFromNow() {
    DelayedCall call = at(5, "moved");
    clock.advance(Duration.ofSeconds(4));

    call.reset(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(2));
    assertThat(ran).isEmpty();
    assertThat(call.dueNanos()).isEqualTo(Duration.ofSeconds(7).toNanos());

    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("moved");
  }

  @Test
  void delayMovesTheCallLaterThanItWasDue() {
    DelayedCall call = at(5, "delayed");
    clock.advance(Duration.ofSeconds(4));

    call.delay(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(3));
    assertThat(ran).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("delayed");
  }

  @Test
  void aCallMovedPastAnotherRunsAfterIt() {
    DelayedCall first = at(1, "first");
    at(2, "second");

    first.reset(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(3));

    assertThat(ran).containsExactly("second", "first");
  }

  @Test
  void cancellingResettingOrDelayingACallThatRanThrowsAlreadyCalled() {
    DelayedCall call = at(1, "ran");
    clock.advance(Duration.ofSeconds(1));

    assertThat(call.active()).isFalse();
    assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCalledException.class);
    assertThatThrownBy(() -> call.reset(Duration.ofSeconds(1)))
        .isInstanceOf(AlreadyCalledException.class);
    assertThatThrownBy(() -> call.delay(Duration.ofSeconds(1)))
        .isInstanceOf(AlreadyCalledException.class);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void cancellingResettingOrDelayingACancelledCallThrowsAlreadyCancelled() {
    DelayedCall call = at(1, "cancelled");
    call.cancel();

    assertThatThrownBy(call::cancel).isInstanceOf(AlreadyCancelledException.class);
    assertThatThrownBy(() -> call.reset(Duration.ofSeconds(1)))
        .isInstanceOf(AlreadyCancelledException.class);
    assertThatThrownBy(() -> call.delay(Duration.ofSeconds(1)))
        .isInstanceOf(AlreadyCancelledException.class);
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran).isEmpty();
  }

  @Test
  void aCallIsActiveUntilItRuns() {
    DelayedCall call = at(1, "x");
    assertThat(call.active()).isTrue();

    clock.advance(Duration.ofSeconds(1));

    assertThat(call.active()).isFalse();
  }

  @Test
  void pumpAdvancesByEachStepInTurn() {
    List<Long> times = new ArrayList<>();
    for (int s = 1; s <= 4; s++) {
      clock.callLater(Duration.ofSeconds(s), () -> times.add(clock.nanoTime() / 1_000_000_000L));
    }

    clock.pump(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(500)));

    assertThat(times).containsExactly(1L, 2L, 3L);
    assertThat(clock.nanoTime()).isEqualTo(Duration.ofMillis(3500).toNanos());
  }

  @Test
  void pendingCallsListsTheActiveCallsSoonestFirst() {
    DelayedCall late = at(9, "late");
    DelayedCall cancelled = at(3, "cancelled");
    DelayedCall soon = at(1, "soon");
    DelayedCall alsoLate = at(9, "also late");
    cancelled.cancel();

    assertThat(clock.pendingCalls()).containsExactly(soon, late, alsoLate);
  }

  @Test
  void advanceRefusesToMoveTimeBackwards() {
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backwards");
  }

  @Test
  void aCallThatThrowsIsLoggedAndTheOtherCallsStillRun() {
    clock.callLater(
        Duration.ofSeconds(1),
        () -> {
          throw new IllegalStateException("broken call");
        });
    at(1, "after");

    clock.advance(Duration.ofSeconds(1));

    assertThat(ran).containsExactly("after");
    assertThat(LoggedErrors.flush(IllegalStateException.class))
        .singleElement()
        .satisfies(e -> assertThat(e.error().orElseThrow()).hasMessage("broken call"));
  }
}
