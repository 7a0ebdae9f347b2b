package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@BraidTest
class ThrottlingWriteTest {
  private static final int KIB = 1024;

  private final FakeClock clock = new FakeClock();

  private static StringTransport connect(ThrottlingFactory factory) {
    StringTransport transport = new StringTransport();
    transport.makeConnection(factory.buildProtocol(transport.peerAddress()));
    return transport;
  }

  @Test
  void writesOverTheLimitAreHeldAndReleasedAtTheRateInOrder() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock)
            .writeLimitPerConnection(10 * KIB)
            .build();
    StringTransport transport = connect(factory);
    byte[] data = Recorder.pattern(35 * KIB);

    recorder.transport.write(data);

    assertThat(transport.written().size()).isEqualTo(10 * KIB);
    assertThat(recorder.transport.bufferedBytes()).isEqualTo(25 * KIB);
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.written().size()).isEqualTo(20 * KIB);
    clock.advance(Duration.ofMillis(1499));
    assertThat(transport.written().size()).isEqualTo(34 * KIB);
    clock.advance(Duration.ofMillis(1));
    assertThat(transport.written().toByteArray()).isEqualTo(data);
    assertThat(recorder.transport.bufferedBytes()).isZero();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void theTotalWriteBudgetIsSharedByTheConnections() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Recorder[] next = {a, b};
    int[] i = {0};
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> next[i[0]++], clock).totalWriteLimit(10 * KIB).build();
    StringTransport ta = connect(factory);
    StringTransport tb = connect(factory);

    a.transport.write(new byte[10 * KIB]);
    b.transport.write(new byte[10 * KIB]);

    assertThat(ta.written().size()).isEqualTo(10 * KIB);
    assertThat(tb.written().size()).isZero();
    clock.advance(Duration.ofMillis(500));
    assertThat(tb.written().size()).isEqualTo(5 * KIB);
    clock.advance(Duration.ofMillis(500));
    assertThat(tb.written().size()).isEqualTo(10 * KIB);
  }

  @Test
  void aStreamingProducerIsPausedWhileTheThrottleHoldsMoreThanTheHighWaterMark() {
    Streamer streamer = new Streamer(1024 * KIB, 16 * KIB);
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> streamer, clock)
            .writeLimitPerConnection(100 * KIB)
            .build();
    StringTransport transport = connect(factory);

    long maxHeld = 0;
    for (int step = 0; step < 100 && transport.written().size() < streamer.total; step++) {
      maxHeld = Math.max(maxHeld, streamer.transport.bufferedBytes());
      clock.advance(Duration.ofMillis(100));
    }

    assertThat(transport.written().toByteArray()).isEqualTo(Recorder.pattern(streamer.total));
    assertThat(streamer.pauses).isPositive();
    assertThat(maxHeld).isLessThanOrEqualTo(WaterMarks.DEFAULT_HIGH + 16 * KIB);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void theThrottleStopsReleasingWhileTheRealTransportIsFull() {
    Streamer streamer = new Streamer(512 * KIB, 16 * KIB);
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> streamer, clock)
            .writeLimitPerConnection(1024 * KIB)
            .writeBufferWaterMarks(new WaterMarks(8 * KIB, 16 * KIB))
            .build();
    StringTransport transport = new StringTransport();
    transport.setPeerStalled(true);
    transport.makeConnection(factory.buildProtocol(transport.peerAddress()));

    // the real transport took one high-water mark's worth and paused the throttle, which then
    // held one more of its own and paused the producer
    long written = transport.written().size();
    assertThat(written).isLessThanOrEqualTo(WaterMarks.DEFAULT_HIGH + 16 * KIB);
    assertThat(streamer.paused).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.written().size()).isEqualTo(written);

    transport.setPeerStalled(false);
    while (transport.written().size() < streamer.total) {
      transport.drainWriteBuffer();
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(transport.written().toByteArray()).isEqualTo(Recorder.pattern(streamer.total));
  }

  @Test
  void loseConnectionWaitsUntilTheHeldWritesAreReleased() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock)
            .writeLimitPerConnection(10 * KIB)
            .build();
    StringTransport transport = connect(factory);

    recorder.transport.write(new byte[20 * KIB]);
    recorder.transport.loseConnection();

    assertThat(recorder.transport.disconnecting()).isTrue();
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofMillis(999));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(transport.disconnecting()).isTrue();
    assertThat(transport.written().size()).isEqualTo(20 * KIB);
  }

  @Test
  void abortConnectionDropsTheHeldWrites() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock)
            .writeLimitPerConnection(10 * KIB)
            .build();
    StringTransport transport = connect(factory);

    recorder.transport.write(new byte[20 * KIB]);
    recorder.transport.abortConnection();

    assertThat(transport.aborted()).isTrue();
    assertThat(recorder.transport.bufferedBytes()).isZero();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aRegisteredProducerIsStoppedWhenTheConnectionIsLost() {
    Streamer streamer = new Streamer(1024 * KIB, 16 * KIB);
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> streamer, clock).writeLimitPerConnection(KIB).build();
    StringTransport transport = connect(factory);

    transport.reportDisconnect();

    assertThat(streamer.stopped).isTrue();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void withoutAWriteLimitWritesGoStraightThrough() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).readLimitPerConnection(KIB).build();
    StringTransport transport = connect(factory);

    recorder.transport.write(new byte[100 * KIB]);
    recorder.transport.writeCopy(ByteBuffer.wrap(new byte[KIB]));
    recorder.transport.registerProducer(recorder.transport);

    assertThat(transport.written().size()).isEqualTo(101 * KIB);
    assertThat(transport.producer()).isPresent();
  }

  @Test
  void writeCopyAndWriteSequenceAreThrottledLikeWrite() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).writeLimitPerConnection(4).build();
    StringTransport transport = connect(factory);

    ByteBuffer lent = ByteBuffer.wrap("abcd".getBytes());
    recorder.transport.writeCopy(lent);
    lent.clear().put("XXXX".getBytes());
    recorder.transport.writeSequence(
        java.util.List.of(ByteBuffer.wrap("ef".getBytes()), ByteBuffer.wrap("gh".getBytes())));

    assertThat(transport.writtenUtf8()).isEqualTo("abcd");
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.written()).isEqualTo(ByteString.utf8("abcdefgh"));
  }

  @Test
  void aPullProducerIsAskedForTheNextChunkOnlyOnceTheThrottleReleasedTheLast() {
    Puller puller = new Puller(4, 2 * KIB);
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> puller, clock).writeLimitPerConnection(KIB).build();
    StringTransport transport = connect(factory);

    // asked once at registration: 2 KiB, of which the first second's 1 KiB goes at once
    assertThat(puller.asked).isEqualTo(1);
    assertThat(transport.written().size()).isEqualTo(KIB);
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.written().size()).isEqualTo(2 * KIB);
    clock.advance(Duration.ZERO);
    assertThat(puller.asked).isEqualTo(2);
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(transport.written().size()).isEqualTo(8 * KIB);
    assertThat(puller.asked).isEqualTo(4);
    assertThat(transport.disconnecting()).isTrue();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  /** Writes one chunk each time it is asked, {@code chunks} times, then unregisters. */
  static final class Puller extends Recorder implements PullProducer {
    final int chunks;
    final int size;
    int asked;

    Puller(int chunks, int size) {
      this.chunks = chunks;
      this.size = size;
    }

    @Override
    public void connectionMade(Transport transport) {
      super.connectionMade(transport);
      transport.registerProducer(this);
      transport.loseConnection();
    }

    @Override
    public void resumeProducing() {
      asked++;
      transport.write(new byte[size]);
      if (asked == chunks) {
        transport.unregisterProducer();
      }
    }

    @Override
    public void stopProducing() {}
  }

  /** Writes {@code total} pattern bytes in chunks while not paused. */
  static final class Streamer extends Recorder implements PushProducer {
    final int total;
    final int chunk;
    final byte[] data;
    int sent;
    int pauses;
    boolean paused;
    boolean stopped;

    Streamer(int total, int chunk) {
      this.total = total;
      this.chunk = chunk;
      this.data = Recorder.pattern(total);
    }

    @Override
    public void connectionMade(Transport transport) {
      super.connectionMade(transport);
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
      while (!paused && !stopped && sent < total) {
        int n = Math.min(chunk, total - sent);
        transport.write(ByteBuffer.wrap(data, sent, n).slice());
        sent += n;
      }
      if (sent == total && !stopped) {
        stopped = true;
        transport.unregisterProducer();
      }
    }

    @Override
    public void stopProducing() {
      stopped = true;
    }
  }
}
