package dev.braid.net.endpoints;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.Collector;
import dev.braid.net.Connector;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.endpoints.HostnameEndpoint.AllAttemptsFailedException;
import dev.braid.net.endpoints.HostnameEndpoint.Families;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeConnector;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.StringTransport;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** HostnameEndpoint: resolution, happy-eyeballs ordering and staggering, winners and failures. */
@BraidTest
class HostnameEndpointTest {
  private static final InetAddress V6A = InetAddress.ofLiteral("2001:db8::a");
  private static final InetAddress V6B = InetAddress.ofLiteral("2001:db8::b");
  private static final InetAddress V4A = InetAddress.ofLiteral("192.0.2.1");
  private static final InetAddress V4B = InetAddress.ofLiteral("192.0.2.2");

  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> resolved = new ArrayList<>();
  private int built;

  private HostnameEndpoint endpoint(List<InetAddress> answer) {
    return HostnameEndpoint.builder(reactor, "example.test", 443)
        .resolver(
            host -> {
              resolved.add(host);
              return Deferred.succeed(answer);
            })
        .build();
  }

  private Deferred<Protocol> connect(HostnameEndpoint endpoint) {
    return endpoint.connect(
        peer -> {
          built++;
          return new Echo();
        });
  }

  private List<String> attemptedHosts() {
    return reactor.tcpClients().stream().map(MemoryReactor.TcpClient::host).toList();
  }

  private FakeConnector connector(int i) {
    return reactor.tcpClients().get(i).connector();
  }

  @Test
  void addressesAreInterleavedByFamilyStartingWithTheFirstOnesFamily() {
    assertThat(HostnameEndpoint.order(List.of(V6A, V6B, V4A, V4B), Families.ANY))
        .containsExactly(V6A, V4A, V6B, V4B);
    assertThat(HostnameEndpoint.order(List.of(V4A, V4B, V6A), Families.ANY))
        .containsExactly(V4A, V6A, V4B);
    assertThat(HostnameEndpoint.order(List.of(V4A, V6A, V4A), Families.IPV6_ONLY))
        .containsExactly(V6A);
    assertThat(HostnameEndpoint.order(List.of(V6A, V4A), Families.IPV4_ONLY)).containsExactly(V4A);
  }

  @Test
  void aNewAttemptStartsEveryAttemptDelayWhileEarlierOnesArePending() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V6B, V4A, V4B)));
    assertThat(resolved).containsExactly("example.test");
    assertThat(attemptedHosts()).containsExactly(V6A.getHostAddress());
    reactor.clock().advance(Duration.ofMillis(249));
    assertThat(attemptedHosts()).hasSize(1);
    reactor.clock().advance(Duration.ofMillis(1));
    assertThat(attemptedHosts()).containsExactly(V6A.getHostAddress(), V4A.getHostAddress());
    reactor.clock().advance(Duration.ofMillis(250));
    reactor.clock().advance(Duration.ofMillis(250));
    assertThat(attemptedHosts())
        .containsExactly(
            V6A.getHostAddress(), V4A.getHostAddress(), V6B.getHostAddress(), V4B.getHostAddress());
    assertThat(reactor.pendingCalls()).isEmpty();
    assertNoResult(result);
    result.cancel();
    failureResultOf(result, CancellationException.class);
  }

  @Test
  void theAttemptDelayIsConfigurable() {
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(reactor, "example.test", 80)
            .resolver(host -> Deferred.succeed(List.of(V4A, V4B)))
            .attemptDelay(Duration.ofMillis(50))
            .build();
    Deferred<Protocol> result = connect(endpoint);
    reactor.clock().advance(Duration.ofMillis(50));
    assertThat(attemptedHosts()).hasSize(2);
    result.cancel();
    failureResultOf(result, CancellationException.class);
  }

  @Test
  void aFailedAttemptStartsTheNextAtOnce() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V4A)));
    connector(0).failConnection(new ConnectException("network unreachable"));
    assertThat(attemptedHosts()).containsExactly(V6A.getHostAddress(), V4A.getHostAddress());
    assertThat(reactor.pendingCalls()).isEmpty();
    connector(1).completeConnection(new StringTransport());
    assertThat(successResultOf(result)).isInstanceOf(Echo.class);
  }

  @Test
  void theFirstConnectionWinsAndEveryOtherAttemptIsStopped() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V4A, V6B)));
    reactor.clock().advance(Duration.ofMillis(500));
    assertThat(attemptedHosts()).hasSize(3);
    Protocol won = connector(1).completeConnection(new StringTransport());
    assertThat(successResultOf(result)).isSameAs(won);
    assertThat(built).isEqualTo(1);
    assertThat(connector(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(connector(2).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(connector(1).state()).isEqualTo(Connector.State.CONNECTED);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void aWinnerBeforeTheDelayCancelsTheNextAttemptsTimer() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V4A)));
    connector(0).completeConnection(new StringTransport());
    assertThat(successResultOf(result)).isNotNull();
    assertThat(reactor.pendingCalls()).isEmpty();
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(attemptedHosts()).hasSize(1);
  }

  @Test
  void whenEveryAttemptFailsTheErrorCarriesEachAttemptsError() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V4A)));
    reactor.clock().advance(Duration.ofMillis(250));
    ConnectException second = new ConnectException("Connection refused");
    ConnectException first = new ConnectException("No route to host");
    connector(1).failConnection(second);
    assertNoResult(result);
    connector(0).failConnection(first);
    AllAttemptsFailedException error = failureResultOf(result, AllAttemptsFailedException.class);
    assertThat(error.errors()).containsExactly(second, first);
    assertThat(error.getSuppressed()).containsExactly(second, first);
    assertThat(error)
        .hasMessage(
            "could not connect to example.test port 443: 192.0.2.1: Connection refused; "
                + V6A.getHostAddress()
                + ": No route to host");
    assertThat(built).isZero();
  }

  @Test
  void cancellingStopsEveryPendingAttemptAndTheTimer() {
    Deferred<Protocol> result = connect(endpoint(List.of(V6A, V4A, V6B)));
    reactor.clock().advance(Duration.ofMillis(250));
    result.cancel();
    failureResultOf(result, CancellationException.class);
    assertThat(connector(0).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(connector(1).state()).isEqualTo(Connector.State.DISCONNECTED);
    assertThat(reactor.pendingCalls()).isEmpty();
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(attemptedHosts()).hasSize(2);
  }

  @Test
  void cancellingDuringResolutionCancelsTheResolver() {
    Deferred<List<InetAddress>> lookup = new Deferred<>();
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(reactor, "slow.test", 80).resolver(host -> lookup).build();
    Deferred<Protocol> result = connect(endpoint);
    result.cancel();
    failureResultOf(result, CancellationException.class);
    assertThat(lookup.called()).isTrue();
    assertThat(reactor.tcpClients()).isEmpty();
  }

  @Test
  void aResolutionFailureFailsWithUnknownHost() {
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(reactor, "nowhere.test", 80)
            .resolver(host -> Deferred.fail(new UnknownHostException("nowhere.test")))
            .build();
    assertThat(failureResultOf(connect(endpoint), UnknownHostException.class))
        .hasMessageContaining("cannot resolve nowhere.test");
  }

  @Test
  void aNameWithNoAddressOfTheWantedFamilyFails() {
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(reactor, "v4only.test", 80)
            .resolver(host -> Deferred.succeed(List.of(V4A)))
            .families(Families.IPV6_ONLY)
            .build();
    assertThat(failureResultOf(connect(endpoint), UnknownHostException.class))
        .hasMessageContaining("v4only.test has no IPv6 address");
  }

  @Test
  void anIpLiteralIsNotResolved() {
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(reactor, "[2001:db8::a]", 80)
            .resolver(
                host -> {
                  throw new AssertionError("resolved " + host);
                })
            .build();
    Deferred<Protocol> result = connect(endpoint);
    assertThat(attemptedHosts()).containsExactly(V6A.getHostAddress());
    result.cancel();
    failureResultOf(result, CancellationException.class);
  }

  @Test
  void localhostResolvesAndConnectsOverRealSockets(ReactorTester t) {
    Reactor real = t.reactor();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(real, "tcp:0:interface=127.0.0.1").listen(Echo.factory()));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    Collector client =
        t.await(
            HostnameEndpoint.create(real, "localhost", portNumber)
                .connectProtocol(new Collector()));
    client.transport.write("hi");
    assertThat(t.await(client.received(2)).utf8()).isEqualTo("hi");
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(port.stopListening());
  }

  @Test
  void aRefusedAddressFallsBackToTheNextOverRealSockets(ReactorTester t) {
    Reactor real = t.reactor();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(real, "tcp:0:interface=127.0.0.1").listen(Echo.factory()));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    HostnameEndpoint endpoint =
        HostnameEndpoint.builder(real, "dual.test", portNumber)
            .resolver(
                host ->
                    Deferred.succeed(
                        List.of(InetAddress.ofLiteral("::1"), InetAddress.ofLiteral("127.0.0.1"))))
            .build();
    Collector client = t.await(endpoint.connectProtocol(new Collector()));
    assertThat(client.transport.peerAddress()).isEqualTo(port.address());
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(port.stopListening());
  }
}
