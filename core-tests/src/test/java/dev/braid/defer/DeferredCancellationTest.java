package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** cancel() with and without a canceller, forwarding to inner Deferreds, and addTimeout. */
@BraidTest
class DeferredCancellationTest {
  @Test
  void cancelWithoutACancellerFailsWithCancellationException() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void oneResultArrivingAfterACancelIsIgnored() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    d.callback("late result of work that could not be stopped");
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void secondResultArrivingAfterACancelThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    d.cancel();
    d.errback(new Boom("late"));
    assertThatThrownBy(() -> d.callback("second late")).isInstanceOf(AlreadyCalledException.class);
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancelCallsTheCancellerWithTheDeferred() {
    List<Deferred<String>> cancelled = new ArrayList<>();
    Deferred<String> d = new Deferred<>(cancelled::add);
    d.cancel();
    assertThat(cancelled).containsExactly(d);
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancellerThatDoesNotFireLeavesCancellationExceptionAndIgnoresOneLateResult() {
    Deferred<String> d = new Deferred<>(ignored -> {});
    d.cancel();
    d.callback("late");
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancellerMayFireTheDeferredWithItsOwnError() {
    Boom stopped = new Boom("connection aborted");
    Deferred<String> d = new Deferred<>(self -> self.errback(stopped));
    d.cancel();
    assertThat(failureOf(d)).isSameAs(stopped);
  }

  @Test
  void cancellerMayFireTheDeferredWithAValue() {
    Deferred<String> d = new Deferred<>(self -> self.callback("partial result"));
    d.cancel();
    assertThat(valueOf(d)).isEqualTo("partial result");
  }

  @Test
  void resultAfterACancellerFiredTheDeferredThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>(self -> self.callback("from canceller"));
    d.cancel();
    assertThatThrownBy(() -> d.callback("late")).isInstanceOf(AlreadyCalledException.class);
  }

  @Test
  void cancelOfAFiredDeferredDoesNothing() {
    List<String> cancellerCalls = new ArrayList<>();
    Deferred<String> d = new Deferred<>(self -> cancellerCalls.add("called"));
    d.callback("v");
    d.cancel();
    assertThat(cancellerCalls).isEmpty();
    assertThat(valueOf(d)).isEqualTo("v");
  }

  @Test
  void cancelTwiceCallsTheCancellerOnce() {
    List<String> cancellerCalls = new ArrayList<>();
    Deferred<String> d = new Deferred<>(self -> cancellerCalls.add("called"));
    d.cancel();
    d.cancel();
    assertThat(cancellerCalls).hasSize(1);
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancelOfAPausedDeferredCancelsTheDeferredItWaitsOn() {
    List<String> innerCancelled = new ArrayList<>();
    Deferred<String> inner = new Deferred<>(self -> innerCancelled.add("inner"));
    List<String> outerCancelled = new ArrayList<>();
    Deferred<String> outer = new Deferred<>(self -> outerCancelled.add("outer"));
    Deferred<String> end = outer.addDeferredCallback(v -> inner);
    outer.callback("x");

    end.cancel();

    assertThat(innerCancelled).containsExactly("inner");
    assertThat(outerCancelled).isEmpty();
    assertThat(failureOf(end)).isInstanceOf(CancellationException.class);
  }

  @Test
  void innerCancellerResultReachesTheOuterChain() {
    Deferred<String> inner = new Deferred<>(self -> self.callback("inner gave up gracefully"));
    Deferred<String> outer = Deferred.succeed("x").addDeferredCallback(v -> inner);
    outer.cancel();
    assertThat(valueOf(outer)).isEqualTo("inner gave up gracefully");
  }

  @Test
  void cancelOfADeeplyPausedChainReachesTheInnermostDeferredWithoutStackOverflow() {
    int n = 100_000;
    List<String> cancelled = new ArrayList<>();
    Deferred<Integer> innermost = new Deferred<>(self -> cancelled.add("innermost"));
    Deferred<Integer> next = innermost;
    Deferred<Integer> outermost = null;
    for (int i = 0; i < n; i++) {
      Deferred<Integer> inner = next;
      Deferred<Integer> d = new Deferred<>();
      d.addDeferredCallback(v -> inner);
      d.callback(i);
      next = d;
      outermost = d;
    }

    outermost.cancel();

    assertThat(cancelled).containsExactly("innermost");
    assertThat(failureOf(outermost)).isInstanceOf(CancellationException.class);
  }

  @Test
  void addTimeoutFailsWithTimeoutExceptionWhenNoResultArrivesInTime() {
    FakeClock clock = new FakeClock();
    Deferred<String> d = new Deferred<>();
    Deferred<String> timed = d.addTimeout(Duration.ofSeconds(5), clock);

    clock.advance(Duration.ofSeconds(4));
    assertNoResult(timed);
    clock.advance(Duration.ofSeconds(1));

    assertThat(failureOf(timed))
        .isInstanceOf(TimeoutException.class)
        .hasCauseInstanceOf(CancellationException.class);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void addTimeoutUsesTheCancellerOnTimeout() {
    FakeClock clock = new FakeClock();
    List<String> cancelled = new ArrayList<>();
    Deferred<String> d = new Deferred<>(self -> cancelled.add("stopped the work"));
    d.addTimeout(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofSeconds(1));
    assertThat(cancelled).containsExactly("stopped the work");
    assertThat(failureOf(d)).isInstanceOf(TimeoutException.class);
  }

  @Test
  void addTimeoutKeepsAnErrorTheCancellerFiresWith() {
    FakeClock clock = new FakeClock();
    Boom aborted = new Boom("aborted");
    Deferred<String> d = new Deferred<>(self -> self.errback(aborted));
    d.addTimeout(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofSeconds(1));
    assertThat(failureOf(d)).isSameAs(aborted);
  }

  @Test
  void resultInTimeCancelsTheTimerAndPassesThrough() {
    FakeClock clock = new FakeClock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(Duration.ofSeconds(5), clock);
    assertThat(clock.pendingCalls()).hasSize(1);

    d.callback("in time");

    assertThat(clock.pendingCalls()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(valueOf(d)).isEqualTo("in time");
  }

  @Test
  void errorInTimeCancelsTheTimerAndPassesThroughUnchanged() {
    FakeClock clock = new FakeClock();
    Boom boom = new Boom("x");
    Deferred<String> d = new Deferred<>();
    d.addTimeout(Duration.ofSeconds(5), clock);
    d.errback(boom);
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void cancelBeforeTheTimeoutStaysACancellationAndCancelsTheTimer() {
    FakeClock clock = new FakeClock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(Duration.ofSeconds(5), clock);
    d.cancel();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(failureOf(d)).isExactlyInstanceOf(CancellationException.class);
  }

  @Test
  void addTimeoutOnAFiredDeferredLeavesNoPendingCall() {
    FakeClock clock = new FakeClock();
    Deferred<String> d = Deferred.succeed("v").addTimeout(Duration.ofSeconds(5), clock);
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(valueOf(d)).isEqualTo("v");
  }

  @Test
  void addTimeoutOnAPausedDeferredCancelsTheInnerDeferred() {
    FakeClock clock = new FakeClock();
    List<String> cancelled = new ArrayList<>();
    Deferred<String> inner = new Deferred<>(self -> cancelled.add("inner"));
    Deferred<String> d =
        Deferred.succeed("x")
            .<String>addDeferredCallback(v -> inner)
            .addTimeout(Duration.ofSeconds(2), clock);
    clock.advance(Duration.ofSeconds(2));
    assertThat(cancelled).containsExactly("inner");
    assertThat(failureOf(d)).isInstanceOf(TimeoutException.class);
  }

  @Test
  void lateResultAfterATimeoutIsIgnored() {
    FakeClock clock = new FakeClock();
    Deferred<String> d = new Deferred<>();
    d.addTimeout(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofSeconds(1));
    d.callback("too late");
    assertThat(failureOf(d)).isInstanceOf(TimeoutException.class);
  }
}
