package dev.braid.bench;

import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Echo round trips over loopback: a Braid {@link Echo} server on its own reactor thread, and a
 * blocking client in the benchmark thread that writes 64 bytes and reads the 64 echoed bytes back.
 * The score is the round-trip time (two system calls on each side plus the loopback wake-ups), so
 * it measures latency, not the server's throughput under load (that is {@code
 * ../shared/bench-peers}' job).
 *
 * <p>The reactor runs on a platform thread started in {@link #start}; the benchmark thread only
 * touches its own client socket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EchoLoopbackBenchmark {
  private static final int MESSAGE = 64;

  private Reactor reactor;
  private Thread reactorThread;
  private SocketChannel client;
  private final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
  private final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);

  /** JMH's constructor; {@link #start} sets up the server and the client. */
  public EchoLoopbackBenchmark() {}

  /** Starts an echo server on 127.0.0.1 (ephemeral port) and connects the client. */
  @Setup(Level.Trial)
  public void start() throws IOException {
    reactor = Reactors.create();
    var port =
        reactor.listenTcp(
            0, Echo.factory(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    reactorThread = Thread.ofPlatform().name("braid-bench-reactor").start(reactor::run);
    client = SocketChannel.open(new InetSocketAddress("127.0.0.1", portNumber));
    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
    for (int i = 0; i < MESSAGE; i++) {
      out.put(i, (byte) i);
    }
  }

  /** Closes the client and stops the reactor. */
  @TearDown(Level.Trial)
  public void stop() throws IOException, InterruptedException {
    client.close();
    reactor.stop();
    reactorThread.join(TimeUnit.SECONDS.toMillis(30));
  }

  /** One round trip: write 64 bytes, read 64 bytes. Returns the last byte read. */
  @Benchmark
  public byte pingPong64Bytes() throws IOException {
    out.clear();
    while (out.hasRemaining()) {
      client.write(out);
    }
    in.clear();
    while (in.hasRemaining()) {
      if (client.read(in) < 0) {
        throw new IOException("the echo server closed the connection");
      }
    }
    return in.get(MESSAGE - 1);
  }
}
