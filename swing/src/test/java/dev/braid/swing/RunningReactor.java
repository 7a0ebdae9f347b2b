package dev.braid.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.reactor.Reactor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A Swing reactor running on a thread of its own (standing in for {@code main}), for tests that
 * hold the JUnit extension's reactor or none. {@link #close} stops it and waits, bounded, for
 * {@code run} to return.
 */
final class RunningReactor implements AutoCloseable {
  static final long TIMEOUT_SECONDS = 10;

  final Reactor reactor;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();

  private RunningReactor(Reactor reactor) {
    this.reactor = reactor;
    Thread.ofPlatform()
        .name("swing-reactor-loop")
        .start(
            () -> {
              try {
                reactor.run();
                ended.complete(null);
              } catch (Throwable e) {
                ended.completeExceptionally(e);
              }
            });
  }

  /**
   * Starts {@code reactor} on a new thread and returns once its loop runs (until then the creating
   * thread still counts as the reactor's thread).
   */
  static RunningReactor start(Reactor reactor) throws Exception {
    RunningReactor running = new RunningReactor(reactor);
    running.call(() -> null);
    return running;
  }

  /** Runs {@code call} on the reactor (on the EDT, in a loop turn) and returns what it returned. */
  <T> T call(Callable<T> call) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    reactor.callFromThread(
        () -> {
          try {
            result.complete(call.call());
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** Waits, bounded, for {@code future}. */
  static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    reactor.callFromThread(reactor::stop);
    ended.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(reactor.running()).isFalse();
  }
}
