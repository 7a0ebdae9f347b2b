package dev.braid.service;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.LoggedErrors;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Service, MultiService and TimerService, in memory. */
@BraidTest
class ServiceTreeTest {
  /** A service whose start and stop the test completes by hand, recording the order. */
  static final class Manual extends AbstractService {
    final List<String> log;
    Deferred<Void> starting;
    Deferred<Void> stopping;

    Manual(String name, List<String> log) {
      super(name);
      this.log = log;
    }

    @Override
    protected Deferred<Void> doStart() {
      log.add("start " + name());
      starting = new Deferred<>();
      return starting;
    }

    @Override
    protected Deferred<Void> doStop() {
      log.add("stop " + name());
      stopping = new Deferred<>();
      return stopping;
    }
  }

  @Test
  void childrenStartOneAfterAnotherInOrder() {
    List<String> log = new ArrayList<>();
    MultiService root = new MultiService("root");
    Manual a = new Manual("a", log);
    Manual b = new Manual("b", log);
    root.addService(a);
    root.addService(b);
    Deferred<Void> started = root.startService();
    assertThat(log).containsExactly("start a");
    a.starting.callback(null);
    assertThat(log).containsExactly("start a", "start b");
    assertNoResult(started);
    b.starting.callback(null);
    successResultOf(started);
    assertThat(root.running()).isTrue();
    assertThat(a.parent()).contains(root);
  }

  @Test
  void childrenStopInReverseAndTheStopWaitsForAll() {
    List<String> log = new ArrayList<>();
    MultiService root = new MultiService("root");
    Manual a = new Manual("a", log);
    Manual b = new Manual("b", log);
    root.addService(a);
    root.addService(b);
    Deferred<Void> started = root.startService();
    a.starting.callback(null);
    b.starting.callback(null);
    successResultOf(started);
    log.clear();
    Deferred<Void> stopped = root.stopService();
    assertThat(log).containsExactly("stop b", "stop a");
    a.stopping.callback(null);
    assertNoResult(stopped);
    b.stopping.callback(null);
    successResultOf(stopped);
    assertThat(root.running()).isFalse();
  }

  @Test
  void aChildThatFailsToStartStopsTheOnesAlreadyStartedAndFailsTheStart() {
    List<String> log = new ArrayList<>();
    MultiService root = new MultiService("root");
    Manual a = new Manual("a", log);
    Manual b = new Manual("b", log);
    Manual c = new Manual("c", log);
    root.addService(a);
    root.addService(b);
    root.addService(c);
    Deferred<Void> started = root.startService();
    a.starting.callback(null);
    b.starting.errback(new IOException("cannot listen on tcp:80"));
    assertThat(failureResultOf(started, IOException.class)).hasMessage("cannot listen on tcp:80");
    assertThat(log).containsExactly("start a", "start b", "stop a");
    a.stopping.callback(null);
    assertThat(root.running()).isFalse();
    assertThat(b.running()).isFalse();
  }

  @Test
  void aServiceAddedToARunningParentStartsAndRemovingItStopsIt() {
    List<String> log = new ArrayList<>();
    MultiService root = new MultiService("root");
    successResultOf(root.startService());
    Manual late = new Manual("late", log);
    Deferred<Void> added = root.addService(late);
    late.starting.callback(null);
    successResultOf(added);
    Deferred<Void> removed = root.removeService(late);
    late.stopping.callback(null);
    successResultOf(removed);
    assertThat(log).containsExactly("start late", "stop late");
    assertThat(late.parent()).isEmpty();
  }

  @Test
  void namesAreUniqueAndAServiceHasOneParent() {
    MultiService root = new MultiService("root");
    MultiService other = new MultiService("other");
    Manual a = new Manual("a", new ArrayList<>());
    root.addService(a);
    assertThatThrownBy(() -> root.addService(new Manual("a", new ArrayList<>())))
        .hasMessageContaining("already in root");
    assertThatThrownBy(() -> other.addService(a)).hasMessageContaining("already belongs to root");
    assertThat(root.child("a")).contains(a);
  }

  @Test
  void startingARunningServiceIsAnErrorAndStoppingAStoppedOneIsHarmless() {
    MultiService root = new MultiService("root");
    successResultOf(root.startService());
    assertThatThrownBy(root::startService).hasMessageContaining("already running");
    successResultOf(root.stopService());
    successResultOf(root.stopService());
  }

  @Test
  void aTimerServiceCallsItsTaskEveryIntervalWhileRunning() {
    FakeClock clock = new FakeClock();
    int[] calls = {0};
    TimerService timer = TimerService.of("tick", clock, Duration.ofSeconds(10), () -> calls[0]++);
    successResultOf(timer.startService());
    assertThat(calls[0]).isEqualTo(1);
    clock.advance(Duration.ofSeconds(30));
    assertThat(calls[0]).isEqualTo(4);
    successResultOf(timer.stopService());
    clock.advance(Duration.ofSeconds(30));
    assertThat(calls[0]).isEqualTo(4);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aTimerServiceStopWaitsForTheCallInProgress() {
    FakeClock clock = new FakeClock();
    Deferred<Void> work = new Deferred<>();
    TimerService timer = new TimerService("slow", clock, Duration.ofSeconds(1), () -> work);
    successResultOf(timer.startService());
    Deferred<Void> stopped = timer.stopService();
    assertNoResult(stopped);
    work.callback(null);
    successResultOf(stopped);
  }

  @Test
  void aFailingTimerTaskIsLoggedAndTheTimerStops() {
    FakeClock clock = new FakeClock();
    int[] calls = {0};
    TimerService timer =
        TimerService.of(
            "broken",
            clock,
            Duration.ofSeconds(1),
            () -> {
              calls[0]++;
              throw new IllegalStateException("task broke");
            });
    successResultOf(timer.startService());
    clock.advance(Duration.ofSeconds(5));
    assertThat(calls[0]).isEqualTo(1);
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    successResultOf(timer.stopService());
  }
}
