package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ClientFactory;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.LoopDispatcher;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.testing.BraidTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link SelectorReactor} with a {@link LoopDispatcher}: the loop thread selects, and every
 * callback runs on the dispatcher's thread (here a plain single-thread executor standing in for a
 * GUI event thread), which owns the reactor while it does.
 */
@BraidTest
class SelectorReactorDispatcherTest {
  private final ExecutorService ui =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-ui-thread"));
  private final ThreadDispatcher dispatcher = new ThreadDispatcher(ui);

  @AfterEach
  void stopUiThread() throws InterruptedException {
    ui.shutdown();
    assertThat(ui.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** Runs turns on one executor thread, and counts them. */
  private static final class ThreadDispatcher implements LoopDispatcher {
    private final ExecutorService executor;
    private volatile Thread thread;
    private int turns; // written on the loop thread only

    ThreadDispatcher(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    public void runAndWait(Runnable turn) {
      turns++;
      Future<?> done =
          executor.submit(
              () -> {
                thread = Thread.currentThread();
                turn.run();
              });
      boolean interrupted = false;
      while (true) {
        try {
          done.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public boolean isDispatchThread() {
      return Thread.currentThread() == thread;
    }
  }

  private record Seen(String what, String thread, boolean owner) {}

  @Test
  void tasksTimersIoCallbacksAndShutdownTriggersRunOnTheDispatchThreadAsOwner() throws Exception {
    SelectorReactor reactor = new SelectorReactor(Duration.ofSeconds(5), dispatcher);
    List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<String> record =
        what ->
            seen.add(new Seen(what, Thread.currentThread().getName(), reactor.isReactorThread()));
    reactor.addShutdownTrigger(
        ShutdownPhase.BEFORE,
        () -> {
          record.accept("shutdown trigger");
          return Deferred.succeed(null);
        });
    ListeningPort port =
        reactor.listenTcp(
            0,
            peer ->
                new Protocol() {
                  @Override
                  public void connectionMade(Transport transport) {
                    record.accept("server connectionMade");
                  }

                  @Override
                  public void dataReceived(ByteBuffer data) {
                    record.accept("server dataReceived");
                    reactor.callLater(
                        Duration.ofMillis(1),
                        () -> {
                          record.accept("delayed call");
                          reactor.stop();
                        });
                  }

                  @Override
                  public void connectionLost(Throwable reason) {
                    record.accept("server connectionLost");
                  }
                },
            new TcpListenOptions("127.0.0.1", 50));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    reactor.callWhenRunning(
        () -> {
          record.accept("task");
          reactor.connectTcp(
              "127.0.0.1",
              portNumber,
              (ClientFactory)
                  peer ->
                      new Protocol() {
                        @Override
                        public void connectionMade(Transport transport) {
                          record.accept("client connectionMade");
                          transport.write(ByteString.ascii("hi"));
                        }

                        @Override
                        public void dataReceived(ByteBuffer data) {}

                        @Override
                        public void connectionLost(Throwable reason) {}
                      });
        });

    reactor.run();

    assertThat(seen)
        .extracting(Seen::what)
        .containsSubsequence(
            "task",
            "client connectionMade",
            "server dataReceived",
            "delayed call",
            "shutdown trigger",
            "server connectionLost");
    assertThat(seen).allSatisfy(s -> assertThat(s.thread()).isEqualTo("fake-ui-thread"));
    assertThat(seen).allSatisfy(s -> assertThat(s.owner()).isTrue());
    assertThat(dispatcher.turns).isPositive();
  }

  @Test
  void runOnTheDispatchThreadIsRefusedWithAClearMessage() throws Exception {
    SelectorReactor reactor = new SelectorReactor(Duration.ofSeconds(5), dispatcher);
    dispatcher.runAndWait(() -> {}); // makes the executor's thread the dispatch thread

    Future<Throwable> thrown =
        ui.submit(
            () -> {
              try {
                reactor.run();
                return null;
              } catch (IllegalStateException e) {
                return e;
              }
            });

    assertThat(thrown.get(10, TimeUnit.SECONDS))
        .hasMessageContaining("run called on the thread that runs the reactor's callbacks");
    assertThat(reactor.running()).isFalse();
  }

  @Test
  void blockingCallFromThreadOnTheDispatchThreadIsRefusedInsteadOfDeadlocking() throws Exception {
    SelectorReactor reactor = new SelectorReactor(Duration.ofSeconds(5), dispatcher);
    dispatcher.runAndWait(() -> {});

    Future<?> attempt =
        ui.submit(() -> reactor.blockingCallFromThread(() -> Deferred.succeed("never")));

    assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage(
            "blockingCallFromThread called on the thread that runs the reactor's callbacks: it"
                + " would wait for itself; use callFromThread");
  }

  @Test
  void aReactorWithoutDispatcherStillRunsEverythingOnItsOwnThread() {
    SelectorReactor reactor = new SelectorReactor(Duration.ofSeconds(5));
    List<Seen> seen = new ArrayList<>();
    reactor.callWhenRunning(
        () ->
            reactor.callLater(
                Duration.ZERO,
                () -> {
                  seen.add(
                      new Seen(
                          "delayed call",
                          Thread.currentThread().getName(),
                          reactor.isReactorThread()));
                  reactor.stop();
                }));

    reactor.run();

    assertThat(seen)
        .containsExactly(new Seen("delayed call", Thread.currentThread().getName(), true));
  }
}
