package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class TimeoutProtocolTest {
  private final FakeClock clock = new FakeClock();

  private StringTransport connect(TimeoutFactory factory) {
    StringTransport transport = new StringTransport();
    transport.makeConnection(factory.buildProtocol(transport.peerAddress()));
    return transport;
  }

  /** Timeouts around {@code protocol}, on the test's clock. */
  private TimeoutFactory.Builder timeouts(Recorder protocol) {
    return TimeoutFactory.builder(peer -> protocol, clock);
  }

  /** A connection to {@code protocol} with only an idle timeout of {@code idle}. */
  private StringTransport connectIdle(Recorder protocol, Duration idle) {
    return connect(timeouts(protocol).idleTimeout(idle).build());
  }

  @Test
  void anIdleConnectionIsClosedAfterTheIdleTimeout() {
    Recorder recorder = new Recorder();
    StringTransport transport = connectIdle(recorder, Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(29));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void everyReadRestartsTheIdleTimer() {
    Recorder recorder = new Recorder();
    StringTransport transport = connectIdle(recorder, Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(20));
    transport.receive("x");
    clock.advance(Duration.ofSeconds(20));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void everyWriteRestartsTheIdleTimer() {
    Recorder recorder = new Recorder();
    StringTransport transport = connectIdle(recorder, Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(20));
    recorder.transport.write("ping");
    clock.advance(Duration.ofSeconds(20));
    recorder.transport.writeCopy(java.nio.ByteBuffer.wrap(new byte[1]));
    clock.advance(Duration.ofSeconds(20));
    recorder.transport.writeSequence(List.of(java.nio.ByteBuffer.wrap(new byte[1])));
    clock.advance(Duration.ofSeconds(29));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void theLifetimeTimeoutClosesABusyConnection() {
    Recorder recorder = new Recorder();
    TimeoutFactory factory =
        timeouts(recorder)
            .idleTimeout(Duration.ofSeconds(30))
            .lifetime(Duration.ofMinutes(2))
            .build();
    StringTransport transport = connect(factory);
    TimeoutProtocol wrapper = (TimeoutProtocol) transport.protocol().orElseThrow();

    for (int i = 0; i < 11; i++) {
      clock.advance(Duration.ofSeconds(10));
      transport.receive("busy");
    }
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofSeconds(10));
    assertThat(transport.disconnecting()).isTrue();
    assertThat(wrapper.timedOut()).hasValue(TimeoutKind.LIFETIME);
  }

  @Test
  void aListenerHearsTheTimeoutFirstAndMayWriteAGoodbye() {
    List<TimeoutKind> heard = new ArrayList<>();
    Recorder listener =
        new TimeoutRecorder(
            kind -> {
              heard.add(kind);
              return true;
            });
    StringTransport transport = connectIdle(listener, Duration.ofSeconds(5));
    ((TimeoutRecorder) listener).goodbye = "421 idle too long\r\n";

    clock.advance(Duration.ofSeconds(5));

    assertThat(heard).containsExactly(TimeoutKind.IDLE);
    assertThat(transport.writtenUtf8()).isEqualTo("421 idle too long\r\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aListenerThatReturnsFalseKeepsTheConnectionOpen() {
    List<TimeoutKind> heard = new ArrayList<>();
    Recorder listener =
        new TimeoutRecorder(
            kind -> {
              heard.add(kind);
              return false;
            });
    TimeoutFactory factory =
        timeouts(listener)
            .idleTimeout(Duration.ofSeconds(5))
            .lifetime(Duration.ofSeconds(60))
            .build();
    StringTransport transport = connect(factory);

    clock.advance(Duration.ofSeconds(60));

    assertThat(heard).containsExactly(TimeoutKind.IDLE, TimeoutKind.LIFETIME);
    assertThat(transport.disconnecting()).isFalse();
    transport.reportDisconnect();
  }

  @Test
  void aTimedOutConnectionThatDoesNotCloseIsAbortedAfterTheGrace() {
    Recorder recorder = new Recorder();
    StringTransport transport =
        connect(
            timeouts(recorder)
                .idleTimeout(Duration.ofSeconds(5))
                .abortGrace(Duration.ofSeconds(3))
                .build());

    clock.advance(Duration.ofSeconds(5));
    assertThat(transport.disconnecting()).isTrue();
    assertThat(transport.aborted()).isFalse();
    clock.advance(Duration.ofSeconds(3));
    assertThat(transport.aborted()).isTrue();
    transport.reportDisconnect();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void theEndOfTheConnectionCancelsEveryTimer() {
    Recorder recorder = new Recorder();
    StringTransport transport =
        connect(
            timeouts(recorder)
                .idleTimeout(Duration.ofSeconds(5))
                .lifetime(Duration.ofSeconds(50))
                .build());
    assertThat(clock.pendingCalls()).hasSize(2);

    transport.reportDisconnect();

    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(recorder.lostReason).isNotNull();
  }

  @Test
  void theDefaultsAreAThirtyMinuteIdleTimeoutAndNoLifetimeLimit() {
    TimeoutFactory factory = TimeoutFactory.builder(peer -> new Recorder(), clock).build();
    assertThat(factory.idleTimeout()).hasValue(Duration.ofMinutes(30));
    assertThat(factory.lifetime()).isEmpty();
    assertThat(factory.abortGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(
            TimeoutFactory.builder(peer -> new Recorder(), clock)
                .noIdleTimeout()
                .build()
                .idleTimeout())
        .isEmpty();
  }

  @Test
  void aClientProtocolCanBeWrappedDirectly() {
    TimeoutFactory timeouts =
        TimeoutFactory.builder(peer -> new Recorder(), clock)
            .idleTimeout(Duration.ofSeconds(1))
            .build();
    Recorder client = new Recorder();
    StringTransport transport = new StringTransport();
    TimeoutProtocol wrapped = timeouts.wrap(client);
    transport.makeConnection(wrapped);

    clock.advance(Duration.ofSeconds(1));

    assertThat(wrapped.wrapped()).isSameAs(client);
    assertThat(wrapped.timedOut()).hasValue(TimeoutKind.IDLE);
    assertThat(transport.disconnecting()).isTrue();
  }

  /** A recorder that listens for timeouts. */
  static final class TimeoutRecorder extends Recorder implements TimeoutListener {
    private final java.util.function.Function<TimeoutKind, Boolean> answer;
    String goodbye;

    TimeoutRecorder(java.util.function.Function<TimeoutKind, Boolean> answer) {
      this.answer = answer;
    }

    @Override
    public boolean timeoutConnection(TimeoutKind kind) {
      if (goodbye != null) {
        transport.write(goodbye);
      }
      return answer.apply(kind);
    }
  }
}
