package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.LoggedErrors;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

@BraidTest
class ReconnectingClientFactoryTest {
  private static final SocketAddress SERVER = InetSocketAddress.createUnresolved("example", 7);

  private final FakeClock clock = new FakeClock();
  private final RecordingConnector connector = new RecordingConnector();
  private final FixedRandom random = new FixedRandom(0.5); // 0.5 means no spread

  /** A connector that records what the factory asks of it; the test sets its state. */
  private final class RecordingConnector implements Connector {
    final List<Long> connectTimes = new ArrayList<>();
    int stopConnectingCalls;
    int disconnectCalls;
    State state = State.CONNECTING;

    @Override
    public void connect() {
      if (state != State.DISCONNECTED) {
        throw new IllegalStateException("connect() while " + state);
      }
      connectTimes.add(clock.nanoTime());
      state = State.CONNECTING;
    }

    @Override
    public void stopConnecting() {
      stopConnectingCalls++;
    }

    @Override
    public void disconnect() {
      disconnectCalls++;
    }

    @Override
    public SocketAddress destination() {
      return SERVER;
    }

    @Override
    public State state() {
      return state;
    }
  }

  /** A random source whose nextDouble() is always {@code value}. */
  private static final class FixedRandom implements RandomGenerator {
    double value;

    FixedRandom(double value) {
      this.value = value;
    }

    @Override
    public double nextDouble() {
      return value;
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException("the factory should only use nextDouble()");
    }
  }

  /** A wrapped client factory that records the events it hears. */
  private static final class RecordingClientFactory implements ClientFactory {
    final List<String> events = new ArrayList<>();
    final Protocol protocol = new Protocol() {};

    @Override
    public Protocol buildProtocol(SocketAddress peer) {
      events.add("build " + peer);
      return protocol;
    }

    @Override
    public void startFactory() {
      events.add("start");
    }

    @Override
    public void stopFactory() {
      events.add("stop");
    }

    @Override
    public void startedConnecting(Connector connector) {
      events.add("started");
    }

    @Override
    public void clientConnectionFailed(Connector connector, Throwable reason) {
      events.add("failed " + reason.getMessage());
    }

    @Override
    public void clientConnectionLost(Connector connector, Throwable reason) {
      events.add("lost " + reason.getMessage());
    }
  }

  private ReconnectingClientFactory.Builder builder() {
    return ReconnectingClientFactory.builder(clock, peer -> new Protocol() {}).random(random);
  }

  /** The attempt under way fails, as the reactor would report it. */
  private void fail(ReconnectingClientFactory factory) {
    connector.state = Connector.State.DISCONNECTED;
    factory.clientConnectionFailed(connector, new ConnectException("refused"));
  }

  /** Fails the attempt and returns the delay until the retry the factory scheduled. */
  private long failAndTakeDelayNanos(ReconnectingClientFactory factory) {
    fail(factory);
    long delay = factory.pendingRetryDelay().orElseThrow().toNanos();
    clock.advance(Duration.ofNanos(delay));
    return delay;
  }

  private static long nanos(double seconds) {
    return (long) (seconds * 1e9);
  }

  @Test
  void aFailedAttemptIsRetriedAfterTheInitialDelay() {
    ReconnectingClientFactory factory = builder().build();
    factory.startedConnecting(connector);
    fail(factory);

    assertThat(factory.pendingRetryDelay()).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofMillis(999));
    assertThat(connector.connectTimes).isEmpty();
    clock.advance(Duration.ofMillis(1));
    assertThat(connector.connectTimes).containsExactly(nanos(1));
    assertThat(factory.retries()).isEqualTo(1);
  }

  @Test
  void aLostConnectionIsRetriedAfterTheInitialDelay() {
    ReconnectingClientFactory factory = builder().build();
    factory.buildProtocol(SERVER);
    connector.state = Connector.State.DISCONNECTED;

    factory.clientConnectionLost(
        connector, new ConnectionLost("gone", new java.io.IOException("reset")));

    clock.advance(Duration.ofSeconds(1));
    assertThat(connector.connectTimes).containsExactly(nanos(1));
  }

  @Test
  void theDelayGrowsByAFactorOfEUpToTheMaxDelay() {
    ReconnectingClientFactory factory = builder().maxDelay(Duration.ofSeconds(60)).build();
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      delays.add(failAndTakeDelayNanos(factory));
    }
    double[] expectedSeconds = {1, Math.E, Math.exp(2), Math.exp(3), Math.exp(4), 60, 60};
    for (int i = 0; i < expectedSeconds.length; i++) {
      assertThat(delays.get(i)).isCloseTo(nanos(expectedSeconds[i]), within(1_000L));
    }
    assertThat(connector.connectTimes).hasSize(7);
  }

  @Test
  void theDefaultMaxDelayIsAnHour() {
    ReconnectingClientFactory factory = builder().build();
    long last = 0;
    for (int i = 0; i < 12; i++) {
      last = failAndTakeDelayNanos(factory);
    }
    assertThat(last).isEqualTo(Duration.ofHours(1).toNanos());
  }

  @Test
  void jitterSpreadsEachDelayByTheRandomFactor() {
    ReconnectingClientFactory factory = builder().jitter(0.1).build();
    random.value = 0.0;
    assertThat(failAndTakeDelayNanos(factory)).isCloseTo(nanos(0.9), within(1_000L));
    random.value = 0.75;
    assertThat(failAndTakeDelayNanos(factory)).isCloseTo(nanos(Math.E * 1.05), within(1_000L));
  }

  @Test
  void jitterNeverTakesTheDelayAboveTheMaxDelay() {
    ReconnectingClientFactory factory =
        builder().initialDelay(Duration.ofSeconds(10)).maxDelay(Duration.ofSeconds(10)).build();
    random.value = 0.999;
    assertThat(failAndTakeDelayNanos(factory)).isEqualTo(nanos(10));
  }

  @Test
  void zeroJitterIgnoresTheRandomSource() {
    ReconnectingClientFactory factory = builder().jitter(0).build();
    random.value = 0.0;
    assertThat(failAndTakeDelayNanos(factory)).isEqualTo(nanos(1));
  }

  @Test
  void buildProtocolResetsTheDelayByDefault() {
    ReconnectingClientFactory factory = builder().build();
    failAndTakeDelayNanos(factory);
    failAndTakeDelayNanos(factory);
    assertThat(factory.retries()).isEqualTo(2);

    factory.buildProtocol(SERVER);

    assertThat(factory.retries()).isZero();
    assertThat(failAndTakeDelayNanos(factory)).isEqualTo(nanos(1));
  }

  @Test
  void withoutResetOnConnectOnlyAnExplicitResetDelayResetsTheBackoff() {
    ReconnectingClientFactory factory = builder().resetDelayOnConnect(false).build();
    failAndTakeDelayNanos(factory);
    factory.buildProtocol(SERVER);
    assertThat(factory.retries()).isEqualTo(1);
    assertThat(failAndTakeDelayNanos(factory)).isCloseTo(nanos(Math.E), within(1_000L));

    factory.resetDelay(); // what the protocol does once it trusts the connection

    assertThat(failAndTakeDelayNanos(factory)).isEqualTo(nanos(1));
  }

  @Test
  void aRefusedConnectionDoesNotResetTheDelay() {
    ReconnectingClientFactory factory =
        ReconnectingClientFactory.builder(
                clock,
                peer -> {
                  throw new RefuseConnectionException("no");
                })
            .random(random)
            .build();
    failAndTakeDelayNanos(factory);

    assertThatThrownBy(() -> factory.buildProtocol(SERVER))
        .isInstanceOf(RefuseConnectionException.class);
    assertThat(factory.retries()).isEqualTo(1);
  }

  @Test
  void itGivesUpAfterMaxRetriesInARow() {
    ReconnectingClientFactory factory = builder().maxRetries(2).build();
    failAndTakeDelayNanos(factory);
    failAndTakeDelayNanos(factory);

    fail(factory);

    assertThat(factory.pendingRetryDelay()).isEmpty();
    assertThat(clock.pendingCalls()).isEmpty();
    clock.advance(Duration.ofHours(2));
    assertThat(connector.connectTimes).hasSize(2);
  }

  @Test
  void maxRetriesZeroNeverRetries() {
    ReconnectingClientFactory factory = builder().maxRetries(0).build();
    fail(factory);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aSuccessfulConnectionAfterGivingUpStartsTheRetriesAgain() {
    ReconnectingClientFactory factory = builder().maxRetries(1).build();
    failAndTakeDelayNanos(factory);
    fail(factory);
    assertThat(clock.pendingCalls()).isEmpty();

    factory.buildProtocol(SERVER); // the application connected by hand
    factory.clientConnectionLost(
        connector, new ConnectionLost("gone", new java.io.IOException("reset")));

    assertThat(factory.pendingRetryDelay()).contains(Duration.ofSeconds(1));
  }

  @Test
  void stopTryingCancelsTheScheduledRetryAndStopsRetrying() {
    ReconnectingClientFactory factory = builder().build();
    fail(factory);
    assertThat(clock.pendingCalls()).hasSize(1);

    factory.stopTrying();

    assertThat(factory.trying()).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(factory.pendingRetryDelay()).isEmpty();
    fail(factory);
    factory.clientConnectionLost(
        connector, new ConnectionLost("gone", new java.io.IOException("reset")));
    clock.advance(Duration.ofHours(2));
    assertThat(connector.connectTimes).isEmpty();
    assertThat(connector.stopConnectingCalls).isZero();
  }

  @Test
  void stopTryingStopsAnAttemptUnderWay() {
    ReconnectingClientFactory factory = builder().build();
    factory.startedConnecting(connector);
    connector.state = Connector.State.CONNECTING;

    factory.stopTrying();

    assertThat(connector.stopConnectingCalls).isEqualTo(1);
    fail(factory); // the reactor reports the stopped attempt as a failure
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stopTryingLeavesAnEstablishedConnectionOpen() {
    ReconnectingClientFactory factory = builder().build();
    factory.startedConnecting(connector);
    factory.buildProtocol(SERVER);
    connector.state = Connector.State.CONNECTED;

    factory.stopTrying();
    factory.stopTrying();

    assertThat(connector.stopConnectingCalls).isZero();
    assertThat(connector.disconnectCalls).isZero();
  }

  @Test
  void aConnectorThatCannotConnectAgainIsLoggedAsAnError() {
    ReconnectingClientFactory factory = builder().build();
    fail(factory);
    connector.state = Connector.State.CONNECTING; // someone else started an attempt meanwhile

    clock.advance(Duration.ofSeconds(1));

    assertThat(LoggedErrors.flush(IllegalStateException.class))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("Could not start a new attempt"));
  }

  @Test
  void theWrappedFactoryHearsEveryEventBeforeTheRetry() {
    RecordingClientFactory wrapped = new RecordingClientFactory();
    ReconnectingClientFactory factory =
        ReconnectingClientFactory.builder(clock, wrapped).random(random).build();

    factory.startFactory();
    factory.startedConnecting(connector);
    fail(factory);
    clock.advance(Duration.ofSeconds(1));
    Protocol built = factory.buildProtocol(SERVER);
    factory.clientConnectionLost(
        connector, new ConnectionLost("gone", new java.io.IOException("reset")));
    factory.stopTrying();
    factory.stopFactory();

    assertThat(built).isSameAs(wrapped.protocol);
    assertThat(wrapped.events)
        .containsExactly(
            "start", "started", "failed refused", "build " + SERVER, "lost gone", "stop");
    assertThat(connector.connectTimes).containsExactly(nanos(1));
  }

  @Test
  void theBuilderRejectsSettingsThatMakeNoSense() {
    assertThatThrownBy(() -> builder().initialDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("initial delay");
    assertThatThrownBy(() -> builder().maxDelay(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max delay");
    assertThatThrownBy(() -> builder().factor(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("factor");
    assertThatThrownBy(() -> builder().factor(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().jitter(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> builder().maxRetries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max retries");
    assertThatThrownBy(
            () ->
                builder()
                    .initialDelay(Duration.ofSeconds(10))
                    .maxDelay(Duration.ofSeconds(5))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the initial delay");
  }
}
