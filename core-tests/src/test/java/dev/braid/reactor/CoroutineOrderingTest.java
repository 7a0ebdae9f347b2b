package dev.braid.reactor;

import static dev.braid.reactor.Coroutines.async;
import static dev.braid.reactor.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.defer.DeferredQueue;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Strict hand-off: a body and the reactor's callbacks never run at the same time, and other code
 * runs in between a body's steps only at its awaits. The event logs are plain ArrayLists on
 * purpose: bodies and callbacks share them without locks.
 */
@BraidTest
class CoroutineOrderingTest {

  @Test
  void tasksQueuedFromAnotherThreadWaitUntilTheBodyAwaits(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    int tasks = 1000;
    CountDownLatch queued = new CountDownLatch(1);
    Deferred<Void> lastTaskRan = new Deferred<>();
    Deferred<Void> result =
        async(
            reactor,
            () -> {
              log.add("body start");
              Thread.ofPlatform()
                  .start(
                      () -> {
                        for (int i = 0; i < tasks; i++) {
                          reactor.callFromThread(() -> log.add("task"));
                        }
                        reactor.callFromThread(() -> lastTaskRan.callback(null));
                        queued.countDown();
                      });
              // Blocks the reactor on purpose: every task is queued before the body goes on.
              queued.await();
              for (int i = 0; i < tasks; i++) {
                log.add("body step");
              }
              await(lastTaskRan);
              log.add("body end");
              return null;
            });

    t.await(result);
    List<String> expected = new ArrayList<>();
    expected.add("body start");
    expected.addAll(Collections.nCopies(tasks, "body step"));
    expected.addAll(Collections.nCopies(tasks, "task"));
    expected.add("body end");
    assertThat(log).isEqualTo(expected);
  }

  @Test
  void twoBodiesAlternateOnlyAtTheirAwaits(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<Void> a = async(reactor, () -> steps(reactor, "A", log));
    Deferred<Void> b = async(reactor, () -> steps(reactor, "B", log));

    t.await(Deferred.gather(List.of(a, b)));
    assertThat(log)
        .containsExactly(
            "A1 start",
            "A1 end",
            "B1 start",
            "B1 end",
            "A2 start",
            "A2 end",
            "B2 start",
            "B2 end",
            "A3 start",
            "A3 end",
            "B3 start",
            "B3 end");
  }

  private static Void steps(Reactor reactor, String name, List<String> log) throws Exception {
    for (int step = 1; step <= 3; step++) {
      log.add(name + step + " start");
      for (int i = 0; i < 100; i++) {
        Thread.onSpinWait();
      }
      log.add(name + step + " end");
      if (step < 3) {
        await(Timing.deferLater(reactor, Duration.ZERO));
      }
    }
    return null;
  }

  @Test
  void callbacksFiredByABodyRunInsideTheBodyBeforeItGoesOn(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<String> signal = new Deferred<>();
    signal.addListener(value -> log.add("callback got " + value));
    Deferred<Void> result =
        async(
            reactor,
            () -> {
              log.add("before fire");
              signal.callback("x");
              log.add("after fire");
              return null;
            });

    t.await(result);
    assertThat(log).containsExactly("before fire", "callback got x", "after fire");
  }

  @Test
  void firingWhatAnotherBodyAwaitsRunsThatBodyUntilItsNextAwait(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    DeferredQueue<String> queue = new DeferredQueue<>();
    Deferred<Void> consumer =
        async(
            reactor,
            () -> {
              for (int i = 0; i < 2; i++) {
                log.add("consumer got " + await(queue.get()));
              }
              return null;
            });
    Deferred<Void> producer =
        async(
            reactor,
            () -> {
              queue.put("one");
              log.add("producer put one");
              queue.put("two");
              log.add("producer put two");
              return null;
            });

    t.await(Deferred.gather(List.of(consumer, producer)));
    // The consumer's await callback resumes it inside put("one"): the producer is parked meanwhile.
    assertThat(log)
        .containsExactly(
            "consumer got one", "producer put one", "consumer got two", "producer put two");
  }

  @Test
  void tenThousandBodiesEachAwaitingATimerAllFinish(ReactorTester t) {
    Reactor reactor = t.reactor();
    int bodies = 10_000;
    int[] running = {0};
    int[] maxRunning = {0};
    List<Deferred<Integer>> results = new ArrayList<>(bodies);
    for (int i = 0; i < bodies; i++) {
      int n = i;
      results.add(
          async(
              reactor,
              () -> {
                running[0]++;
                maxRunning[0] = Math.max(maxRunning[0], running[0]);
                await(Timing.deferLater(reactor, Duration.ofMillis(n % 20)));
                running[0]--;
                return n;
              }));
    }
    assertThat(running[0]).isEqualTo(bodies);

    List<Integer> values = t.await(Deferred.gather(results));
    assertThat(values).hasSize(bodies);
    assertThat(values.stream().mapToLong(Integer::longValue).sum())
        .isEqualTo((long) bodies * (bodies - 1) / 2);
    assertThat(running[0]).isZero();
    assertThat(maxRunning[0]).isEqualTo(bodies);
  }
}
