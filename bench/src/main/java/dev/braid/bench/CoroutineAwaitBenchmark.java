package dev.braid.bench;

import static dev.braid.reactor.Coroutines.await;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Coroutines;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one step of asynchronous code costs, three ways:
 *
 * <ul>
 *   <li>{@link #coroutineAwaitThatSwitches}: a coroutine body awaits a Deferred that the reactor
 *       thread fires afterwards: the body parks, the reactor fires, the body resumes (two thread
 *       switches in the hand-off per await);
 *   <li>{@link #deferredCallback}: the same step as a callback on a Deferred fired afterwards, on
 *       the reactor thread (no switch);
 *   <li>{@link #completableFutureThenApplyAsync}: {@code thenApplyAsync} on a single-thread
 *       executor, completed and joined by the benchmark thread (two thread hops, like the
 *       coroutine).
 * </ul>
 *
 * The two Braid variants run a batch of {@value #BATCH} steps on the reactor thread per invocation
 * (reached with {@code blockingCallFromThread}, whose cost is spread over the batch); the score is
 * per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CoroutineAwaitBenchmark {
  /** Steps per invocation of the Braid variants. */
  static final int BATCH = 1000;

  private Reactor reactor;
  private Thread reactorThread;
  private ExecutorService executor;
  private Deferred<Integer> next;
  private long sum;

  /** JMH's constructor; {@link #start} sets up the reactor and the executor. */
  public CoroutineAwaitBenchmark() {}

  /** Starts a reactor on a platform thread, and a one-thread executor. */
  @Setup(Level.Trial)
  public void start() {
    reactor = Reactors.create();
    reactorThread = Thread.ofPlatform().name("braid-bench-reactor").start(reactor::run);
    executor = Executors.newSingleThreadExecutor();
  }

  /** Stops the reactor and the executor. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    reactor.stop();
    reactorThread.join(TimeUnit.SECONDS.toMillis(30));
    executor.shutdown();
  }

  /** One coroutine awaits {@value #BATCH} Deferreds in turn; the reactor fires each after. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long coroutineAwaitThatSwitches() throws Exception {
    return reactor.blockingCallFromThread(
        () -> {
          sum = 0;
          Deferred<Long> body =
              Coroutines.async(
                  reactor,
                  () -> {
                    for (int i = 0; i < BATCH; i++) {
                      next = new Deferred<>();
                      sum += await(next);
                    }
                    return sum;
                  });
          for (int i = 0; i < BATCH; i++) {
            next.callback(i);
          }
          return body;
        });
  }

  /** {@value #BATCH} Deferreds, each with one callback, fired after the callback is added. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long deferredCallback() throws Exception {
    return reactor.blockingCallFromThread(
        () -> {
          sum = 0;
          for (int i = 0; i < BATCH; i++) {
            Deferred<Integer> d = new Deferred<>();
            d.addListener(value -> sum += value);
            d.callback(i);
          }
          return Deferred.succeed(sum);
        });
  }

  /** One {@code thenApplyAsync} on the executor, completed and joined by the benchmark thread. */
  @Benchmark
  public int completableFutureThenApplyAsync() {
    CompletableFuture<Integer> source = new CompletableFuture<>();
    CompletableFuture<Integer> result = source.thenApplyAsync(x -> x + 1, executor);
    source.complete(41);
    return result.join();
  }
}
