package dev.braid.bench;

import dev.braid.amp.Amp;
import dev.braid.amp.example.Calculator;
import dev.braid.amp.example.Calculator.Sum;
import dev.braid.amp.example.Calculator.Total;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
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
 * AMP calls over loopback, Braid client to Braid server: the {@code Sum} command of {@link
 * Calculator}, each side on its own reactor thread. The score is calls per second: one call at a
 * time ({@link #sequentialCalls}: the round trip, thread wake-ups included) and 100 calls in flight
 * ({@link #pipelinedCalls}: what one connection sustains). {@code bench/amp/twisted_amp_bench.py}
 * measures the same two figures for Twisted's AMP.
 *
 * <p>The benchmark thread reaches the client only through {@code blockingCallFromThread}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class AmpLoopbackBenchmark {
  private static final int IN_FLIGHT = 100;

  private Reactor serverReactor;
  private Reactor clientReactor;
  private Thread serverThread;
  private Thread clientThread;
  private ListeningPort port;
  private Amp client;
  private long counter;

  /** JMH's constructor; {@link #start} sets up both sides. */
  public AmpLoopbackBenchmark() {}

  /** Starts the server and the client reactors and connects the client. */
  @Setup(Level.Trial)
  public void start() throws Exception {
    serverReactor = Reactors.create();
    port =
        serverReactor.listenTcp(
            0, Calculator.factory(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    serverThread = Thread.ofPlatform().name("amp-bench-server").start(serverReactor::run);
    clientReactor = Reactors.create();
    clientThread = Thread.ofPlatform().name("amp-bench-client").start(clientReactor::run);
    client =
        clientReactor.blockingCallFromThread(
            () ->
                Endpoints.clientFromString(clientReactor, "tcp:127.0.0.1:" + portNumber)
                    .connectProtocol(new Amp()));
  }

  /** Stops both reactors. */
  @TearDown(Level.Trial)
  public void stop() throws InterruptedException {
    clientReactor.stop();
    serverReactor.stop();
    clientThread.join(TimeUnit.SECONDS.toMillis(30));
    serverThread.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** One call, waited for before the next. */
  @Benchmark
  public BigInteger sequentialCalls() throws Exception {
    long n = ++counter;
    Total total =
        clientReactor.blockingCallFromThread(
            () ->
                client.callRemote(Calculator.SUM, new Sum(BigInteger.valueOf(n), BigInteger.ONE)));
    return total.total();
  }

  /** 100 calls sent at once, then all 100 answers waited for; the score counts calls. */
  @Benchmark
  @OperationsPerInvocation(IN_FLIGHT)
  public int pipelinedCalls() throws Exception {
    List<Total> totals =
        clientReactor.blockingCallFromThread(
            () -> {
              List<Deferred<Total>> calls = new ArrayList<>(IN_FLIGHT);
              for (int i = 0; i < IN_FLIGHT; i++) {
                calls.add(
                    client.callRemote(
                        Calculator.SUM, new Sum(BigInteger.valueOf(i), BigInteger.ONE)));
              }
              return Deferred.gather(calls);
            });
    return totals.size();
  }
}
