package dev.braid.net;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.endpoints.HostnameEndpoint;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.SystemResolver;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one resolver SPI: each reactor has one (the system resolver until another is installed), and
 * HostnameEndpoint and connectTcp go through it; IP literals never reach it.
 */
@BraidTest
class ResolverTest {
  private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

  /** A resolver with a fixed table that records every name it is asked for. */
  static final class FakeResolver implements Resolver {
    final Map<String, List<InetAddress>> table;
    final List<String> asked = new ArrayList<>();

    FakeResolver(Map<String, List<InetAddress>> table) {
      this.table = table;
    }

    @Override
    public Deferred<List<InetAddress>> resolve(String host) {
      asked.add(host);
      List<InetAddress> answer = table.get(host);
      return answer == null
          ? Deferred.fail(new UnknownHostException(host + " is not in the table"))
          : Deferred.succeed(answer);
    }
  }

  @Test
  void everyReactorStartsWithTheSystemResolverAndInstallingReturnsThePreviousOne() {
    MemoryReactor reactor = new MemoryReactor();
    assertThat(reactor.resolver()).isInstanceOf(SystemResolver.class);
    Resolver previous = reactor.resolver();
    FakeResolver fake = new FakeResolver(Map.of());
    assertThat(reactor.installResolver(fake)).isSameAs(previous);
    assertThat(reactor.resolver()).isSameAs(fake);
  }

  @Test
  void literalsAreRecognisedWithoutALookup() {
    assertThat(Resolver.literal("192.0.2.1")).contains(InetAddress.ofLiteral("192.0.2.1"));
    assertThat(Resolver.literal("[2001:db8::1]")).contains(InetAddress.ofLiteral("2001:db8::1"));
    assertThat(Resolver.literal("2001:db8::1")).contains(InetAddress.ofLiteral("2001:db8::1"));
    assertThat(Resolver.literal("example.test")).isEqualTo(Optional.empty());
  }

  @Test
  void theSystemResolverAnswersOnTheReactor(ReactorTester t) {
    List<InetAddress> answer = t.await(SystemResolver.create(t.reactor()).resolve("localhost"));
    assertThat(answer).isNotEmpty().allMatch(InetAddress::isLoopbackAddress);
  }

  @Test
  void aHostnameEndpointAsksTheReactorsResolverAtConnectTime() {
    MemoryReactor reactor = new MemoryReactor();
    HostnameEndpoint endpoint = HostnameEndpoint.create(reactor, "db.test", 5432);
    FakeResolver fake =
        new FakeResolver(Map.of("db.test", List.of(InetAddress.ofLiteral("192.0.2.7"))));
    reactor.installResolver(fake);
    endpoint.connect(peer -> new Echo());
    assertThat(fake.asked).containsExactly("db.test");
    assertThat(reactor.tcpClients())
        .extracting(MemoryReactor.TcpClient::host)
        .containsExactly("192.0.2.7");
  }

  @Test
  void ipLiteralsNeverReachTheResolver() {
    MemoryReactor reactor = new MemoryReactor();
    FakeResolver fake = new FakeResolver(Map.of());
    reactor.installResolver(fake);
    HostnameEndpoint.create(reactor, "192.0.2.1", 80).connect(peer -> new Echo());
    HostnameEndpoint.create(reactor, "[2001:db8::1]", 80).connect(peer -> new Echo());
    Endpoints.clientFromString(reactor, "tcp:192.0.2.2:80").connect(peer -> new Echo());
    assertThat(fake.asked).isEmpty();
    assertThat(reactor.tcpClients()).hasSize(3);
  }

  /** Connects to {@code host} with {@code connectTcp}, closes, and says where it got to. */
  private static SocketAddress connectedTo(ReactorTester t, String host, int port) {
    Collector client =
        t.await(
            ClientEndpoint.fromConnector(c -> t.reactor().connectTcp(host, port, c))
                .connectProtocol(new Collector()));
    SocketAddress peer = client.transport.peerAddress();
    client.transport.loseConnection();
    t.await(client.lost);
    return peer;
  }

  @Test
  void connectTcpResolvesANameWithTheReactorsResolverButNotALiteral(ReactorTester t)
      throws Exception {
    ListeningPort listening =
        t.reactor()
            .listenTcp(0, Echo.factory(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
    int port = ((InetSocketAddress) listening.address()).getPort();
    FakeResolver fake = new FakeResolver(Map.of("echo.test", List.of(LOOPBACK)));
    t.reactor().installResolver(fake);
    assertThat(connectedTo(t, "echo.test", port)).isEqualTo(new InetSocketAddress(LOOPBACK, port));
    assertThat(fake.asked).containsExactly("echo.test");
    assertThat(connectedTo(t, "127.0.0.1", port)).isEqualTo(new InetSocketAddress(LOOPBACK, port));
    assertThat(fake.asked).as("a literal is not looked up").containsExactly("echo.test");
    t.await(listening.stopListening());
  }

  @Test
  void connectTcpFailsWithUnknownHostWhenTheResolverFails(ReactorTester t) {
    Reactor reactor = t.reactor();
    reactor.installResolver(new FakeResolver(Map.of()));
    Throwable error =
        t.awaitFailure(
            ClientEndpoint.fromConnector(c -> reactor.connectTcp("nowhere.test", 80, c))
                .connect(peer -> new Echo()));
    assertThat(error).isInstanceOf(UnknownHostException.class).hasMessageContaining("nowhere.test");
  }

  @Test
  void aResolverFailureInMemoryIsAnUnknownHost() {
    MemoryReactor reactor = new MemoryReactor();
    reactor.installResolver(new FakeResolver(Map.of()));
    assertThat(
            failureResultOf(
                HostnameEndpoint.create(reactor, "gone.test", 80).connect(peer -> new Echo()),
                UnknownHostException.class))
        .hasMessageContaining("gone.test");
  }
}
