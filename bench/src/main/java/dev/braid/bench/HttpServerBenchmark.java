package dev.braid.bench;

import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import dev.braid.web.Site;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP server's own cost per request, without sockets: the peer's plaintext {@link Site}
 * ({@code GET /plaintext}, default settings) on one connection whose transport only counts the
 * bytes it is given. Each operation feeds one request ({@code single}) or a buffer of 16 pipelined
 * requests ({@code pipelined16}, scored per request), as wrk sends them, and the site parses,
 * routes, renders and encodes the responses. Machine load hardly moves this figure, unlike the wrk
 * runs: it is the user-space part of a request, the rest being the kernel's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HttpServerBenchmark {
  private static final byte[] REQUEST =
      "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII);

  private Protocol connection;
  private CountingTransport transport;
  private ByteBuffer one;
  private ByteBuffer sixteen;

  /** A site as the peer builds it and one connection to it. */
  @Setup
  public void setUp() {
    Site site = PeerMain.plaintextSite(new StillTime());
    transport = new CountingTransport();
    connection = site.buildProtocol(transport.peerAddress());
    connection.connectionMade(transport);
    one = ByteBuffer.allocateDirect(REQUEST.length).put(REQUEST).flip();
    sixteen = ByteBuffer.allocateDirect(REQUEST.length * 16);
    for (int i = 0; i < 16; i++) {
      sixteen.put(REQUEST);
    }
    sixteen.flip();
  }

  /** One request in, one response out. */
  @Benchmark
  public long single() {
    one.rewind();
    connection.dataReceived(one);
    return transport.written;
  }

  /** Sixteen pipelined requests in one buffer; the score is per request. */
  @Benchmark
  @OperationsPerInvocation(16)
  public long pipelined16() {
    sixteen.rewind();
    connection.dataReceived(sixteen);
    return transport.written;
  }

  /** A clock that stands still: timers are scheduled and never fire. */
  private static final class StillTime implements ReactorTime {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public DelayedCall callLater(Duration delay, Runnable task) {
      return new DelayedCall() {
        private boolean active = true;

        @Override
        public void cancel() {
          active = false;
        }

        @Override
        public void reset(Duration d) {}

        @Override
        public void delay(Duration d) {}

        @Override
        public boolean active() {
          return active;
        }

        @Override
        public long dueNanos() {
          return delay.toNanos();
        }
      };
    }
  }

  /** A transport that takes every buffer, counts its bytes and drops it. */
  private static final class CountingTransport implements Transport {
    long written;

    @Override
    public void write(ByteBuffer data) {
      written += data.remaining();
      data.position(data.limit());
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
      for (ByteBuffer b : data) {
        write(b);
      }
    }

    @Override
    public void registerProducer(Producer producer) {}

    @Override
    public void unregisterProducer() {}

    @Override
    public void loseConnection() {}

    @Override
    public void abortConnection() {}

    @Override
    public void loseWriteConnection() {}

    @Override
    public boolean disconnecting() {
      return false;
    }

    @Override
    public long bufferedBytes() {
      return 0;
    }

    @Override
    public void setWriteBufferWaterMarks(int low, int high) {}

    @Override
    public SocketAddress peerAddress() {
      return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public SocketAddress hostAddress() {
      return new InetSocketAddress("127.0.0.1", 18080);
    }

    @Override
    public <T> void setOption(java.net.SocketOption<T> option, T value) {
      throw new UnsupportedOperationException("no socket here");
    }

    @Override
    public void pauseProducing() {}

    @Override
    public void resumeProducing() {}

    @Override
    public void stopProducing() {}
  }
}
