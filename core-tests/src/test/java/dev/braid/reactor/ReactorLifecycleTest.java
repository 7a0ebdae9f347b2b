package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.net.endpoints.internal.ServeMain;
import dev.braid.protocols.wire.Discard;
import dev.braid.reactor.internal.ReactMain;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The reactor's run/stop lifecycle, tasks from other threads and shutdown triggers. */
@BraidTest
class ReactorLifecycleTest {

  @Test
  void runReturnsAfterStopAndCallWhenRunningTasksRanFirst() {
    Reactor reactor = Reactors.create();
    List<String> events = new ArrayList<>();
    reactor.callWhenRunning(() -> events.add("running=" + reactor.running()));
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).containsExactly("running=true");
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void aStoppedReactorRefusesToRunAgain() {
    Reactor reactor = Reactors.create();
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThatThrownBy(reactor::run)
        .isInstanceOf(ReactorNotRestartableException.class)
        .hasMessageContaining("runs once");
  }

  @Test
  void stoppingAReactorThatNeverRanIsAClearError() {
    assertThatThrownBy(Reactors.create()::stop)
        .isInstanceOf(ReactorNotRunningException.class)
        .hasMessageContaining("never started");
  }

  @Test
  void stopTwiceIsHarmless() {
    Reactor reactor = Reactors.create();
    reactor.callWhenRunning(
        () -> {
          reactor.stop();
          reactor.stop();
        });
    reactor.run();
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void callFromThreadRunsTasksInOrderOnTheReactorThread() throws Exception {
    Reactor reactor = Reactors.create();
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> onReactorThread = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch queued = new CountDownLatch(1);
    Thread producer =
        Thread.ofPlatform()
            .start(
                () -> {
                  for (int i = 0; i < 1000; i++) {
                    int n = i;
                    reactor.callFromThread(
                        () -> {
                          seen.add(n);
                          onReactorThread.add(reactor.isReactorThread());
                        });
                  }
                  reactor.callFromThread(reactor::stop);
                  queued.countDown();
                });
    reactor.run();
    producer.join();
    assertThat(seen).hasSize(1000).isSorted();
    assertThat(onReactorThread).containsOnly(true);
  }

  @Test
  void shutdownWaitsForTriggerDeferredsPhaseByPhase() {
    Reactor reactor = Reactors.create();
    List<String> events = new ArrayList<>();
    reactor.addShutdownTrigger(
        Reactor.ShutdownPhase.AFTER,
        () -> {
          events.add("after");
          return null;
        });
    reactor.addShutdownTrigger(
        Reactor.ShutdownPhase.BEFORE,
        () -> {
          events.add("before started");
          Deferred<Void> drained = new Deferred<>();
          reactor.callLater(
              Duration.ofMillis(20),
              () -> {
                events.add("before finished");
                drained.callback(null);
              });
          return drained;
        });
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).containsExactly("before started", "before finished", "after");
  }

  @Test
  void shutdownIsBoundedWhenATriggerNeverFinishes() {
    Reactor reactor = Reactors.create(Duration.ofMillis(50));
    reactor.addShutdownTrigger(Reactor.ShutdownPhase.BEFORE, Deferred::new);
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void aRemovedTriggerDoesNotRun() {
    Reactor reactor = Reactors.create();
    List<String> events = new ArrayList<>();
    Reactor.Registration registration =
        reactor.addShutdownTrigger(
            Reactor.ShutdownPhase.DURING,
            () -> {
              events.add("ran");
              return null;
            });
    registration.remove();
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).isEmpty();
  }

  @Test
  void aFailingTaskIsLoggedAndTheReactorGoesOn() {
    Reactor reactor = Reactors.create();
    List<String> events = new ArrayList<>();
    reactor.callWhenRunning(
        () -> {
          throw new IllegalStateException("task failed");
        });
    reactor.callWhenRunning(() -> events.add("next task ran"));
    reactor.callWhenRunning(reactor::stop);
    reactor.run();
    assertThat(events).containsExactly("next task ran");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  /** The exit status of a main run by {@link ReactMain}, and what it wrote to standard error. */
  private record Exit(int status, String err) {}

  private static Exit react(Function<Reactor, Deferred<?>> main) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ReactMain.react(
            Reactors.create(), main, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Exit(status, err.toString(StandardCharsets.UTF_8));
  }

  private static Exit serve(String endpoint) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ServeMain.serve(
            Reactors.create(),
            endpoint,
            peer -> new Discard(),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Exit(status, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void reactReturnsZeroWhenMainSucceedsAndOneWithTheMessageWhenItFails() {
    assertThat(Reactors.react(reactor -> Deferred.succeed("done"))).isZero();
    Exit failed =
        react(
            reactor -> {
              Deferred<String> later = new Deferred<>();
              reactor.callLater(
                  Duration.ofMillis(1),
                  () -> later.errback(new IllegalStateException("main failed")));
              return later;
            });
    assertThat(failed).isEqualTo(new Exit(1, "main failed" + System.lineSeparator()));
  }

  @Test
  void reactStopsTheReactorWhenMainThrowsAndSaysWhatItThrew() {
    Exit threw =
        react(
            reactor -> {
              throw new IllegalArgumentException();
            });
    assertThat(threw.status()).isEqualTo(1);
    assertThat(threw.err()).startsWith("java.lang.IllegalArgumentException");
  }

  @Test
  void serveSaysWhyItCannotListenAndReturnsOne() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String endpoint = "tcp:" + busy.getLocalPort() + ":interface=127.0.0.1";
      assertThat(serve(endpoint))
          .isEqualTo(
              new Exit(
                  1,
                  "cannot listen on "
                      + endpoint
                      + ": Address already in use"
                      + System.lineSeparator()));
    }
  }

  @Test
  void serveSaysAMalformedEndpointIsMalformed() {
    Exit malformed = serve("tcp:eighty");
    assertThat(malformed.status()).isEqualTo(1);
    assertThat(malformed.err()).contains("tcp:eighty");
  }
}
