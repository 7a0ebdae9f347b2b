package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoint strings: parsing, errors that name the bad part, and real listen/connect. */
@BraidTest
class EndpointsTest {

  @Test
  void descriptionsSplitOnUnescapedColonsIntoArgsAndParams() {
    EndpointDescription d = EndpointDescription.parse("unix:/tmp/a\\:b:mode=0660:x\\=y");
    assertThat(d.prefix()).isEqualTo("unix");
    assertThat(d.args()).containsExactly("/tmp/a:b", "x=y");
    assertThat(d.params()).isEqualTo(Map.of("mode", "0660"));
  }

  @Test
  void tcpServerDescriptionsListenWithTheirOptions() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.serverFromString(reactor, "tcp:8080:interface=127.0.0.1:backlog=128")
        .listen(Echo.factory());
    Endpoints.serverFromString(reactor, "tcp:port=0").listen(Echo.factory());
    List<MemoryReactor.TcpServer> servers = reactor.tcpServers();
    assertThat(servers.get(0).port()).isEqualTo(8080);
    assertThat(servers.get(0).options().interfaceAddress()).isEqualTo("127.0.0.1");
    assertThat(servers.get(0).options().backlog()).isEqualTo(128);
    assertThat(servers.get(1).port()).isZero();
  }

  @Test
  void tcpClientDescriptionsConnectWithTheirOptions() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.clientFromString(
            reactor, "tcp:host=192.0.2.80:port=80:timeout=2.5:bindAddress=127.0.0.2")
        .connect(peer -> new Echo());
    Endpoints.clientFromString(reactor, "tcp:127.0.0.1:8000").connect(peer -> new Echo());
    List<MemoryReactor.TcpClient> clients = reactor.tcpClients();
    assertThat(clients.get(0).host()).isEqualTo("192.0.2.80");
    assertThat(clients.get(0).port()).isEqualTo(80);
    assertThat(clients.get(0).options().timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(clients.get(0).options().bindAddress())
        .contains(new InetSocketAddress("127.0.0.2", 0));
    assertThat(clients.get(1).host()).isEqualTo("127.0.0.1");
    assertThat(clients.get(1).port()).isEqualTo(8000);
  }

  @Test
  void malformedDescriptionsGetErrorsNamingTheBadPart() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:http"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessage(
            "bad endpoint \"tcp:http\": port must be a number from 0 to 65535, got \"http\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:70000"))
        .hasMessageContaining("got \"70000\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:colour=blue"))
        .hasMessageContaining("unknown parameter \"colour\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:backlog=-1"))
        .hasMessageContaining("backlog must be a positive whole number");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:interface=eth0"))
        .hasMessageContaining("interface must be an IP address");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp"))
        .hasMessageContaining("missing port");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "carrier-pigeon:80"))
        .hasMessageContaining("unknown endpoint type \"carrier-pigeon\"")
        .hasMessageContaining("tcp")
        .message()
        .doesNotContain("did you mean");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tpc:80"))
        .hasMessageContaining("unknown endpoint type \"tpc\" (did you mean tcp:? known: ");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:host=x"))
        .hasMessageContaining("missing port");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:x:0"))
        .hasMessageContaining("port must be a number from 1 to 65535");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp:x:80:timeout=soon"))
        .hasMessageContaining("timeout must be a positive number of seconds");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:port=81"))
        .hasMessageContaining("port is given twice");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80:81"))
        .hasMessageContaining("unexpected part \"81\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp:80\\"))
        .hasMessageContaining("backslash");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, ":80"))
        .hasMessageContaining("must start with a type");
  }

  @Test
  void listeningFailureFailsTheDeferredWithTheBindError(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort first =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    int port = ((InetSocketAddress) first.address()).getPort();
    Throwable error =
        t.awaitFailure(
            Endpoints.serverFromString(reactor, "tcp:" + port + ":interface=127.0.0.1")
                .listen(Echo.factory()));
    assertThat(error)
        .isInstanceOf(java.net.BindException.class)
        .hasMessageContaining("tcp:" + port);
    t.await(first.stopListening());
  }

  @Test
  void aClientEndpointConnectsByHostNameThroughTheResolver(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    int port = ((InetSocketAddress) listening.address()).getPort();
    Collector client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:host=localhost:port=" + port)
                .connectProtocol(new Collector()));
    client.transport.write("ping");
    assertThat(t.await(client.received(4)).utf8()).isEqualTo("ping");
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(listening.stopListening());
  }

  @Test
  void cancellingAConnectAttemptStopsIt() {
    MemoryReactor reactor = new MemoryReactor();
    var attempt =
        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:9").connect(peer -> new Echo());
    attempt.cancel();
    assertThat(reactor.tcpClients().get(0).connector().state())
        .isEqualTo(Connector.State.DISCONNECTED);
    assertThat(dev.braid.testing.DeferredAssertions.failureResultOf(attempt))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  @Test
  void aPathThatCannotBeAPathIsASyntaxErrorNamingItsKey() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(
            () -> Endpoints.clientFromString(reactor, "tls:host=a:port=443:trustRoots=/x\u0000y"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("trustRoots is not a valid path");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "ssl:0:certKey=/a\u0000b"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("certKey is not a valid path");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "unix:/tmp/a\u0000b"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("path is not a valid path");
  }
}
