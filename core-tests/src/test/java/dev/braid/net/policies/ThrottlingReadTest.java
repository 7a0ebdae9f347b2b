package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class ThrottlingReadTest {
  private static final int KIB = 1024;
  private static final long MS = 1_000_000L;

  private final FakeClock clock = new FakeClock();

  private StringTransport connect(ThrottlingFactory factory, Recorder recorder) {
    StringTransport transport = new StringTransport();
    transport.makeConnection(factory.buildProtocol(transport.peerAddress()));
    return transport;
  }

  @Test
  void readingPausesWhenTheBudgetIsOverdrawnAndResumesEveryTenthOfASecondAt10KiBPerSecond() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).readLimitPerConnection(10 * KIB).build();
    StringTransport transport = connect(factory, recorder);
    long start = clock.nanoTime();
    byte[] data = Recorder.pattern(35 * KIB);
    List<Long> fedAt = new ArrayList<>();

    int fed = 0;
    while (fed < 35) {
      if (transport.readingPaused()) {
        clock.advance(Duration.ofMillis(10));
      } else {
        transport.receive(ByteString.of(data, fed * KIB, KIB));
        fedAt.add(clock.nanoTime() - start);
        fed++;
      }
    }

    // One second's worth (10 KiB) passes at once; the 11th KiB overdraws the budget by 1 KiB,
    // which takes 100 ms to refill; from then on one KiB every 100 ms.
    for (int i = 0; i < 11; i++) {
      assertThat(fedAt.get(i)).as("KiB %d", i + 1).isZero();
    }
    for (int i = 11; i < 35; i++) {
      assertThat(fedAt.get(i)).as("KiB %d", i + 1).isEqualTo((i - 10) * 100 * MS);
    }
    assertThat(transport.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(100 * MS - 1));
    assertThat(transport.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(transport.readingPaused()).isFalse();
    assertThat(recorder.received.toByteArray()).isEqualTo(data);
  }

  @Test
  void oneConnectionOverItsOwnLimitDoesNotPauseTheOthers() {
    Recorder a = new Recorder();
    Recorder b = new Recorder();
    Recorder[] next = {a, b};
    int[] i = {0};
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> next[i[0]++], clock)
            .readLimitPerConnection(10 * KIB)
            .totalReadLimit(100 * KIB)
            .build();
    StringTransport ta = connect(factory, a);
    StringTransport tb = connect(factory, b);

    ta.receive(ByteString.of(new byte[11 * KIB]));

    assertThat(ta.readingPaused()).isTrue();
    assertThat(tb.readingPaused()).isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(ta.readingPaused()).isFalse();
  }

  @Test
  void overdrawingTheTotalBudgetPausesEveryConnectionUntilItRefills() {
    Recorder[] next = {new Recorder(), new Recorder()};
    int[] i = {0};
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> next[i[0]++], clock).totalReadLimit(10 * KIB).build();
    StringTransport ta = connect(factory, next[0]);
    StringTransport tb = connect(factory, next[1]);

    ta.receive(ByteString.of(new byte[6 * KIB]));
    assertThat(ta.readingPaused()).isFalse();
    tb.receive(ByteString.of(new byte[6 * KIB]));

    // 2 KiB over a 10 KiB/s budget: both wait 200 ms.
    assertThat(ta.readingPaused()).isTrue();
    assertThat(tb.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(200 * MS - 1));
    assertThat(ta.readingPaused()).isTrue();
    assertThat(tb.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(ta.readingPaused()).isFalse();
    assertThat(tb.readingPaused()).isFalse();
  }

  @Test
  void aConnectionWaitsForTheLaterOfItsOwnAndTheTotalBudget() {
    Recorder[] next = {new Recorder(), new Recorder()};
    int[] i = {0};
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> next[i[0]++], clock)
            .readLimitPerConnection(10 * KIB)
            .totalReadLimit(15 * KIB)
            .build();
    StringTransport ta = connect(factory, next[0]);
    StringTransport tb = connect(factory, next[1]);

    ta.receive(ByteString.of(new byte[12 * KIB])); // own: -2 KiB, total: 3 KiB
    assertThat(ta.readingPaused()).isTrue();
    assertThat(tb.readingPaused()).isFalse();
    tb.receive(ByteString.of(new byte[4 * KIB])); // total: -1 KiB
    assertThat(tb.readingPaused()).isTrue();

    // The total refills 1 KiB at 15 KiB/s in ceil(1024e9 / 15360) ns; a's own 2 KiB take 200 ms.
    long totalWait = Math.ceilDiv(1024L * 1_000_000_000L, 15 * KIB);
    clock.advance(Duration.ofNanos(totalWait - 1));
    assertThat(tb.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(tb.readingPaused()).isFalse();
    assertThat(ta.readingPaused()).isTrue();
    clock.advance(Duration.ofNanos(200 * MS - totalWait));
    assertThat(ta.readingPaused()).isFalse();
  }

  @Test
  void theThrottleDoesNotResumeReadingThatTheProtocolPausedItself() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).readLimitPerConnection(10 * KIB).build();
    StringTransport transport = connect(factory, recorder);

    transport.receive(ByteString.of(new byte[11 * KIB]));
    recorder.transport.pauseProducing();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.readingPaused()).isTrue();

    recorder.transport.resumeProducing();
    assertThat(transport.readingPaused()).isFalse();
  }

  @Test
  void aProtocolResumingDuringAThrottleStaysPausedUntilTheBudgetRefills() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).readLimitPerConnection(10 * KIB).build();
    StringTransport transport = connect(factory, recorder);

    transport.receive(ByteString.of(new byte[11 * KIB]));
    recorder.transport.pauseProducing();
    recorder.transport.resumeProducing();
    assertThat(transport.readingPaused()).isTrue();
    clock.advance(Duration.ofMillis(100));
    assertThat(transport.readingPaused()).isFalse();
  }

  @Test
  void aClosedConnectionLeavesNoTimerBehind() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock)
            .readLimitPerConnection(10 * KIB)
            .totalReadLimit(10 * KIB)
            .build();
    StringTransport transport = connect(factory, recorder);
    transport.receive(ByteString.of(new byte[20 * KIB]));
    assertThat(clock.pendingCalls()).hasSize(2);

    transport.reportDisconnect();

    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(factory.openConnections()).isZero();
    assertThat(recorder.lostReason).isNotNull();
  }

  @Test
  void bytesAreDeliveredUnchangedWhileThrottled() {
    Recorder recorder = new Recorder();
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> recorder, clock).readLimitPerConnection(KIB).build();
    StringTransport transport = connect(factory, recorder);

    transport.receive("hello, ");
    transport.receive(ByteString.utf8("world"));

    assertThat(recorder.all().utf8()).isEqualTo("hello, world");
  }
}
