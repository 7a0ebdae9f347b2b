package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.AwaitTimeout;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Producers and consumers over real sockets: a fast writer never outruns a slow reader's pace. */
@BraidTest
class FlowControlTest {
  private static final TcpListenOptions LOCAL =
      TcpListenOptions.defaults().withInterface("127.0.0.1");
  private static final int CHUNK = 64 * 1024;
  private static final long HIGH_WATER = 64 * 1024;

  /** Writes {@code total} bytes in chunks while not paused; records the worst buffer level. */
  static final class Streamer implements Protocol, PushProducer {
    private final long total;
    private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
    Transport transport;
    long sent;
    long maxBuffered;
    int pauses;
    boolean paused;
    final Deferred<Long> done = new Deferred<>();

    Streamer(long total) {
      this.total = total;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.registerProducer(this);
      resumeProducing();
    }

    @Override
    public void pauseProducing() {
      paused = true;
      pauses++;
    }

    @Override
    public void resumeProducing() {
      paused = false;
      while (!paused && sent < total) {
        int n = (int) Math.min(CHUNK, total - sent);
        // Each write gives the transport a new buffer (it owns what it is given).
        transport.write(chunk.duplicate().limit(n));
        sent += n;
        maxBuffered = Math.max(maxBuffered, transport.bufferedBytes());
      }
      if (sent == total && !done.called()) {
        transport.unregisterProducer();
        transport.loseConnection();
        done.callback(sent);
      }
    }

    @Override
    public void stopProducing() {
      paused = true;
    }
  }

  /** Reads a little at a time: pauses after every read and resumes on the next loop turn. */
  static class SlowReader extends Collector {
    private final Reactor reactor;
    long count;

    SlowReader(Reactor reactor) {
      this.reactor = reactor;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      count += data.remaining();
      transport.pauseProducing();
      reactor.callLater(Duration.ZERO, transport::resumeProducing);
    }
  }

  @Test
  @AwaitTimeout(120)
  void oneGibibyteToASlowReaderKeepsTheBufferUnderTheHighWaterMarkPlusOneChunk(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    long total = 1L << 30;
    Streamer streamer = new Streamer(total);
    ListeningPort listening = reactor.listenTcp(0, peer -> streamer, LOCAL);
    int port = ((InetSocketAddress) listening.address()).getPort();
    SlowReader reader =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                .connectProtocol(new SlowReader(reactor)));
    t.await(streamer.done);
    t.await(reader.lost);
    assertThat(reader.count).isEqualTo(total);
    assertThat(streamer.pauses).isPositive();
    assertThat(streamer.maxBuffered).isLessThanOrEqualTo(HIGH_WATER + CHUNK);
    t.await(listening.stopListening());
  }

  /** A pull producer writing one chunk each time it is asked. */
  static final class Puller implements Protocol, PullProducer {
    private final int chunks;
    Transport transport;
    int written;
    long maxBuffered;

    Puller(int chunks) {
      this.chunks = chunks;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.registerProducer(this);
    }

    @Override
    public void resumeProducing() {
      if (written == chunks) {
        transport.unregisterProducer();
        return;
      }
      transport.write(ByteBuffer.allocate(CHUNK));
      written++;
      maxBuffered = Math.max(maxBuffered, transport.bufferedBytes());
    }

    @Override
    public void stopProducing() {}
  }

  @Test
  void aPullProducerIsAskedForOneChunkAtATimeAndLoseConnectionWaitsForIt(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    Puller puller = new Puller(256);
    ListeningPort listening =
        reactor.listenTcp(
            0,
            peer ->
                new Protocol() {
                  @Override
                  public void connectionMade(Transport transport) {
                    puller.connectionMade(transport);
                    transport.loseConnection();
                  }
                },
            LOCAL);
    int port = ((InetSocketAddress) listening.address()).getPort();
    SlowReader reader =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                .connectProtocol(new SlowReader(reactor)));
    assertThat(t.await(reader.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(reader.count).isEqualTo(256L * CHUNK);
    assertThat(puller.maxBuffered).isLessThanOrEqualTo(CHUNK);
    t.await(listening.stopListening());
  }

  @Test
  void aRegisteredProducerIsStoppedWhenTheConnectionCloses(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    Deferred<Void> stopped = new Deferred<>();
    ListeningPort listening =
        reactor.listenTcp(
            0,
            peer ->
                new Protocol() {
                  @Override
                  public void connectionMade(Transport transport) {
                    transport.registerProducer(
                        new PushProducer() {
                          @Override
                          public void pauseProducing() {}

                          @Override
                          public void resumeProducing() {}

                          @Override
                          public void stopProducing() {
                            stopped.callback(null);
                          }
                        });
                  }
                },
            LOCAL);
    int port = ((InetSocketAddress) listening.address()).getPort();
    Collector client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                .connectProtocol(new Collector()));
    client.transport.loseConnection();
    t.await(stopped);
    t.await(client.lost);
    t.await(listening.stopListening());
  }
}
