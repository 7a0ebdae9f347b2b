package dev.braid.service;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.Backoff;
import dev.braid.net.BaseProtocol;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.StringTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** ClientService keeps one connection up, with backoff between attempts. */
@BraidTest
class ClientServiceTest {
  private static final Backoff NO_JITTER =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 2, 0);

  /** An endpoint whose attempts the test completes by hand. */
  static final class ManualEndpoint implements ClientEndpoint {
    final List<Deferred<Protocol>> attempts = new ArrayList<>();
    final List<ProtocolFactory> factories = new ArrayList<>();
    int cancelled;

    @Override
    public Deferred<Protocol> connect(ProtocolFactory factory) {
      Deferred<Protocol> attempt = new Deferred<>(d -> cancelled++);
      attempts.add(attempt);
      factories.add(factory);
      return attempt;
    }

    /** Completes the latest attempt with a connection over a StringTransport. */
    StringTransport succeed() {
      int last = attempts.size() - 1;
      Protocol protocol = factories.get(last).buildProtocol(new InetSocketAddress("127.0.0.1", 1));
      StringTransport transport = new StringTransport();
      transport.makeConnection(protocol);
      attempts.get(last).callback(protocol);
      return transport;
    }
  }

  static final class Named implements Protocol {
    Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }
  }

  private static ClientService service(ManualEndpoint endpoint, FakeClock clock) {
    return ClientService.create(
        "client", endpoint, peer -> new Named(), clock, NO_JITTER, RandomGenerator.getDefault());
  }

  @Test
  void whenConnectedFiresWithTheProtocolOnceConnected() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    Deferred<Protocol> connected = client.whenConnected();
    assertNoResult(connected);
    endpoint.succeed();
    assertThat(successResultOf(connected)).isInstanceOf(Named.class);
    assertThat(successResultOf(client.whenConnected())).isSameAs(client.connected().orElseThrow());
  }

  @Test
  void failedAttemptsAreRetriedWithGrowingDelays() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    endpoint.attempts.get(0).errback(new ConnectException("refused"));
    clock.advance(Duration.ofMillis(999));
    assertThat(endpoint.attempts).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(endpoint.attempts).hasSize(2);
    endpoint.attempts.get(1).errback(new ConnectException("refused"));
    clock.advance(Duration.ofMillis(1999));
    assertThat(endpoint.attempts).hasSize(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(endpoint.attempts).hasSize(3);
    endpoint.succeed();
    assertThat(client.connected()).isPresent();
  }

  @Test
  void aLostConnectionIsReconnectedAfterTheInitialDelay() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    StringTransport transport = endpoint.succeed();
    transport.reportDisconnect();
    assertThat(client.connected()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(endpoint.attempts).hasSize(2);
  }

  @Test
  void stopGivesUpThePendingRetryAndFailsTheWaiters() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    endpoint.attempts.get(0).errback(new ConnectException("refused"));
    Deferred<Protocol> waiter = client.whenConnected();
    successResultOf(client.stopService());
    failureResultOf(waiter, CancellationException.class);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stopCancelsTheAttemptUnderWay() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    successResultOf(client.stopService());
    assertThat(endpoint.cancelled).isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(endpoint.attempts).hasSize(1);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stopClosesTheConnectionAndWaitsForIt() {
    FakeClock clock = new FakeClock();
    ManualEndpoint endpoint = new ManualEndpoint();
    ClientService client = service(endpoint, clock);
    successResultOf(client.startService());
    StringTransport transport = endpoint.succeed();
    Deferred<Void> stopped = client.stopService();
    assertThat(transport.disconnecting()).isTrue();
    assertNoResult(stopped);
    transport.reportDisconnect();
    successResultOf(stopped);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  /** Collects bytes and hands them out as they arrive. */
  static final class Recorder implements Protocol {
    Transport transport;
    final List<Deferred<ByteString>> reads = new ArrayList<>();
    final Deferred<Throwable> lost = new Deferred<>();

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      ByteString bytes = ByteString.copyOf(data);
      if (!reads.isEmpty()) {
        reads.remove(0).callback(bytes);
      }
    }

    Deferred<ByteString> nextRead() {
      Deferred<ByteString> d = new Deferred<>();
      reads.add(d);
      return d;
    }
  }

  @Test
  void overRealSocketsTheServiceReconnectsAfterTheServerDropsIt(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    List<Transport> accepted = new ArrayList<>();
    List<Deferred<Void>> serverSideClosed = new ArrayList<>();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    peer ->
                        new BaseProtocol() {
                          final Deferred<Void> closed = new Deferred<>();

                          @Override
                          public void connectionMade(Transport transport) {
                            super.connectionMade(transport);
                            accepted.add(transport);
                            serverSideClosed.add(closed);
                          }

                          @Override
                          public void dataReceived(ByteBuffer data) {
                            transport().writeCopy(data);
                          }

                          @Override
                          public void connectionLost(Throwable reason) {
                            closed.callback(null);
                          }
                        }));
    int number = ((InetSocketAddress) port.address()).getPort();
    ClientService client =
        ClientService.create(
            "echo-client",
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + number),
            peer -> new Recorder(),
            reactor,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), 2, 0),
            RandomGenerator.getDefault());
    t.await(client.startService());
    Recorder first = (Recorder) t.await(client.whenConnected());
    Deferred<ByteString> echoed = first.nextRead();
    first.transport.write("one");
    assertThat(t.await(echoed).utf8()).isEqualTo("one");
    accepted.get(0).loseConnection();
    t.await(first.lost);
    Deferred<Protocol> next = client.whenConnected();
    Recorder second = (Recorder) t.await(next);
    assertThat(second).isNotSameAs(first);
    t.await(client.stopService());
    t.await(port.stopListening());
    t.await(Deferred.gather(serverSideClosed));
    assertThat(accepted).hasSize(2);
  }
}
