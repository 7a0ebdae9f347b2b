package dev.braid.bench;

import dev.braid.defer.Deferred;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of building and firing {@link Deferred} callback chains: a plain chain of ten {@code
 * addCallback} steps, and a chain that pauses on a nested Deferred (already fired, or fired after
 * the outer one). Each benchmark makes fresh Deferreds, as a protocol does per request.
 *
 * <p>JMH runs every method on its own benchmark thread; nothing here touches a reactor.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DeferredBenchmark {
  /** JMH's constructor; the state has no fields to set up. */
  public DeferredBenchmark() {}

  /** Ten {@code addCallback} steps added before the Deferred fires, then one callback. */
  @Benchmark
  public void chainOfTenCallbacksAddedBeforeFiring(Blackhole bh) {
    Deferred<Integer> d = new Deferred<>();
    Deferred<Integer> chain = d;
    for (int i = 0; i < 10; i++) {
      chain = chain.addCallback(x -> x + 1);
    }
    chain.addListener(bh::consume);
    d.callback(0);
  }

  /** The same ten steps added to a Deferred that has already fired (each runs at once). */
  @Benchmark
  public void chainOfTenCallbacksOnFiredDeferred(Blackhole bh) {
    Deferred<Integer> chain = Deferred.succeed(0);
    for (int i = 0; i < 10; i++) {
      chain = chain.addCallback(x -> x + 1);
    }
    chain.addListener(bh::consume);
  }

  /** A callback returns a Deferred that has already fired: the outer chain goes on at once. */
  @Benchmark
  public void nestedDeferredAlreadyFired(Blackhole bh) {
    Deferred<Integer> outer = new Deferred<>();
    outer
        .addCallback(x -> x + 1)
        .<Integer>addDeferredCallback(x -> Deferred.succeed(x * 2))
        .addCallback(x -> x + 1)
        .addListener(bh::consume);
    outer.callback(1);
  }

  /** A callback returns a Deferred that fires later: the outer chain pauses, then resumes. */
  @Benchmark
  public void nestedDeferredFiredLater(Blackhole bh) {
    Deferred<Integer> outer = new Deferred<>();
    Deferred<Integer> inner = new Deferred<>();
    outer
        .addCallback(x -> x + 1)
        .<Integer>addDeferredCallback(x -> inner)
        .addCallback(x -> x + 1)
        .addListener(bh::consume);
    outer.callback(1);
    inner.callback(41);
  }
}
