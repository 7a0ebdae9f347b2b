package dev.braid.swing;

import static dev.braid.swing.RunningReactor.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.reactor.LoopDispatcher;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.internal.SelectorReactor;
import dev.braid.testing.BraidTest;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Which thread runs what on a Swing reactor, and the ways a program could deadlock it. */
@BraidTest
class SwingReactorThreadsTest {

  @Test
  void theTestsRunHeadless() {
    assertThat(GraphicsEnvironment.isHeadless()).isTrue();
  }

  @Test
  void aTaskFromAnotherThreadRunsOnTheEventDispatchThreadAsOwner() throws Exception {
    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      assertThat(running.call(() -> Seen.here("task", running.reactor)))
          .isEqualTo(Seen.onEdtAsOwner("task"));
    }
  }

  @Test
  void aDelayedCallRunsOnTheEventDispatchThreadAsOwner() throws Exception {
    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      Reactor reactor = running.reactor;
      CompletableFuture<Seen> seen = new CompletableFuture<>();
      running.call(
          () ->
              reactor.callLater(
                  Duration.ofMillis(1), () -> seen.complete(Seen.here("delayed", reactor))));
      assertThat(get(seen)).isEqualTo(Seen.onEdtAsOwner("delayed"));
    }
  }

  @Test
  void aTaskQueuedByACallbackRunsInALaterTurnOnTheEventDispatchThread() throws Exception {
    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      Reactor reactor = running.reactor;
      CompletableFuture<Seen> seen = new CompletableFuture<>();
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      running.call(
          () -> {
            reactor.callFromThread(
                () -> {
                  order.add("queued task");
                  seen.complete(Seen.here("queued task", reactor));
                });
            order.add("callback");
            return null;
          });
      assertThat(get(seen)).isEqualTo(Seen.onEdtAsOwner("queued task"));
      assertThat(order).containsExactly("callback", "queued task");
    }
  }

  /**
   * The deadlock to avoid: the loop thread waits for the EDT to run its turn while the EDT, in a
   * Swing listener, queues work for the reactor. The listener must not block, and both its tasks
   * must run once it returns.
   */
  @Test
  void tasksQueuedByASwingListenerWhileTheLoopWaitsForTheEdtRunAfterIt() throws Exception {
    AtomicReference<CountDownLatch> armed = new AtomicReference<>();
    LoopDispatcher edt = new EdtDispatcher();
    LoopDispatcher watched =
        new LoopDispatcher() {
          @Override
          public void runAndWait(Runnable turn) {
            CountDownLatch latch = armed.getAndSet(null);
            if (latch != null) {
              latch.countDown(); // the loop is about to wait for the EDT
            }
            edt.runAndWait(turn);
          }

          @Override
          public boolean isDispatchThread() {
            return edt.isDispatchThread();
          }
        };
    try (RunningReactor running =
        RunningReactor.start(new SelectorReactor(Duration.ofSeconds(5), watched))) {
      Reactor reactor = running.reactor;
      List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Void> listenerDone = new CompletableFuture<>();
      CompletableFuture<Void> bothRan = new CompletableFuture<>();
      EventQueue.invokeLater(
          () -> {
            seen.add(Seen.here("listener", reactor));
            CountDownLatch loopWaits = new CountDownLatch(1);
            armed.set(loopWaits);
            reactor.callFromThread(() -> seen.add(Seen.here("first task", reactor)));
            try {
              // The loop wakes for the first task and now waits for this very thread.
              assertThat(loopWaits.await(RunningReactor.TIMEOUT_SECONDS, TimeUnit.SECONDS))
                  .isTrue();
              reactor.callFromThread(
                  () -> {
                    seen.add(Seen.here("second task", reactor));
                    bothRan.complete(null);
                  });
              listenerDone.complete(null);
            } catch (Throwable e) {
              listenerDone.completeExceptionally(e);
            }
          });
      get(listenerDone);
      get(bothRan);
      assertThat(seen)
          .containsExactly(
              new Seen("listener", true, false),
              Seen.onEdtAsOwner("first task"),
              Seen.onEdtAsOwner("second task"));
    }
  }

  @Test
  void blockingCallFromThreadRunsOnTheEdtFromAnotherThreadAndIsRefusedOnTheEdt() throws Exception {
    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      Reactor reactor = running.reactor;
      assertThat(reactor.blockingCallFromThread(() -> Deferred.succeed(Seen.here("call", reactor))))
          .isEqualTo(Seen.onEdtAsOwner("call"));

      CompletableFuture<Throwable> refused = new CompletableFuture<>();
      EventQueue.invokeLater(
          () -> {
            try {
              reactor.blockingCallFromThread(() -> Deferred.succeed("never"));
              refused.complete(null);
            } catch (Throwable e) {
              refused.complete(e);
            }
          });
      assertThat(get(refused))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("use callFromThread");
    }
  }

  @Test
  void runOnTheEventDispatchThreadIsRefusedWithAClearMessage() throws Exception {
    Reactor reactor = SwingReactors.create();
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    EventQueue.invokeLater(
        () -> {
          try {
            reactor.run();
            refused.complete(null);
          } catch (Throwable e) {
            refused.complete(e);
          }
        });
    assertThat(get(refused))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("event dispatch thread");
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void runFromMainReturnsOnceStoppedAndShutdownTriggersRunOnTheEdt() {
    Reactor reactor = SwingReactors.create(Duration.ofSeconds(5));
    List<Seen> seen = new ArrayList<>();
    reactor.addShutdownTrigger(
        ShutdownPhase.BEFORE,
        () -> {
          seen.add(Seen.here("trigger", reactor));
          return Deferred.succeed(null);
        });
    reactor.callWhenRunning(
        () -> {
          seen.add(Seen.here("when running", reactor));
          reactor.stop();
        });

    reactor.run();

    assertThat(seen)
        .containsExactly(Seen.onEdtAsOwner("when running"), Seen.onEdtAsOwner("trigger"));
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void aNegativeShutdownTimeoutIsRefused() {
    assertThatThrownBy(() -> SwingReactors.create(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
