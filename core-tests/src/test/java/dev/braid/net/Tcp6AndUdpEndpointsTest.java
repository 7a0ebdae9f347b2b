package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The {@code tcp6:} and {@code udp:} endpoint strings: options, errors, real sockets. */
@BraidTest
class Tcp6AndUdpEndpointsTest {

  @Test
  void tcp6ServersListenOnIpv6WithTheirOptions() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.serverFromString(reactor, "tcp6:8080:interface=\\:\\:1:backlog=7")
        .listen(Echo.factory());
    Endpoints.serverFromString(reactor, "tcp6:0").listen(Echo.factory());
    assertThat(reactor.tcpServers().get(0).options().interfaceAddress()).isEqualTo("::1");
    assertThat(reactor.tcpServers().get(0).options().backlog()).isEqualTo(7);
    assertThat(reactor.tcpServers().get(1).options().interfaceAddress()).isEqualTo("::");
  }

  @Test
  void tcp6ClientsConnectToIpv6LiteralsWithTheirOptions() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.clientFromString(
            reactor, "tcp6:host=2001\\:db8\\:\\:5:port=443:timeout=3:bindAddress=\\:\\:1")
        .connect(peer -> new Echo());
    MemoryReactor.TcpClient client = reactor.tcpClients().getFirst();
    assertThat(client.host()).isEqualTo(InetAddress.ofLiteral("2001:db8::5").getHostAddress());
    assertThat(client.port()).isEqualTo(443);
    assertThat(client.options().timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(client.options().bindAddress())
        .contains(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
  }

  @Test
  void tcp6RefusesIpv4AddressesNamingThePart() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp6:80:interface=127.0.0.1"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("interface must be an IPv6 address, got the IPv4 address");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp6:host=127.0.0.1:port=80"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("got the IPv4 address \"127.0.0.1\" (use tcp: for IPv4)");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp6:80:interface=nowhere"))
        .hasMessageContaining("interface must be an IPv6 address, got \"nowhere\"");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "tcp6:host=\\:\\:zz:port=80"))
        .hasMessageContaining("host must be an IPv6 address");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp6:99999"))
        .hasMessageContaining("port must be a number from 0 to 65535, got \"99999\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "tcp6:80:colour=red"))
        .hasMessageContaining("unknown parameter \"colour\"");
  }

  @Test
  void tcp6ListensAndConnectsOverRealIpv6Loopback(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp6:0:interface=\\:\\:1").listen(Echo.factory()));
    InetSocketAddress bound = (InetSocketAddress) port.address();
    assertThat(bound.getAddress()).isInstanceOf(Inet6Address.class);
    Collector client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp6:host=\\:\\:1:port=" + bound.getPort())
                .connectProtocol(new Collector()));
    assertThat(((InetSocketAddress) client.transport.peerAddress()).getAddress())
        .isEqualTo(InetAddress.ofLiteral("::1"));
    client.transport.write("six");
    assertThat(t.await(client.received(3)).utf8()).isEqualTo("six");
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(port.stopListening());
  }

  /** docs/endpoints.md: {@code tcp:PORT} listens on every interface, IPv6 as well as IPv4. */
  @Test
  void tcpWithNoInterfaceAcceptsOnIpv4AndIpv6Loopback(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort port =
        t.await(Endpoints.serverFromString(reactor, "tcp:0").listen(Echo.factory()));
    InetSocketAddress bound = (InetSocketAddress) port.address();
    assertThat(bound.getAddress().isAnyLocalAddress()).isTrue();
    for (String client : new String[] {"tcp:host=127.0.0.1:port=", "tcp6:host=\\:\\:1:port="}) {
      Collector c =
          t.await(
              Endpoints.clientFromString(reactor, client + bound.getPort())
                  .connectProtocol(new Collector()));
      c.transport.write("both");
      assertThat(t.await(c.received(4)).utf8()).isEqualTo("both");
      c.transport.loseConnection();
      t.await(c.lost);
    }
    t.await(port.stopListening());
  }

  @Test
  void udpDescriptionsBindWithTheirOptions() {
    MemoryReactor reactor = new MemoryReactor();
    DatagramProtocol protocol = (data, from) -> {};
    Deferred<DatagramTransport> bound =
        Endpoints.datagramServerFromString(
                reactor, "udp:5353:interface=127.0.0.1:maxPacketSize=512")
            .listen(protocol);
    assertThat(bound.called()).isTrue();
    MemoryReactor.UdpServer server = reactor.udpServers().getFirst();
    assertThat(server.port()).isEqualTo(5353);
    assertThat(server.options().interfaceAddress()).isEqualTo("127.0.0.1");
    assertThat(server.options().maxPacketSize()).isEqualTo(512);
    assertThat(server.protocol()).isSameAs(protocol);
  }

  @Test
  void malformedUdpDescriptionsNameTheBadPart() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> Endpoints.datagramServerFromString(reactor, "udp:dns"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("port must be a number from 0 to 65535, got \"dns\"");
    assertThatThrownBy(
            () -> Endpoints.datagramServerFromString(reactor, "udp:53:interface=localhost"))
        .hasMessageContaining("interface must be an IP address");
    assertThatThrownBy(
            () -> Endpoints.datagramServerFromString(reactor, "udp:53:maxPacketSize=70000"))
        .hasMessageContaining("maxPacketSize must be at most 65535");
    assertThatThrownBy(() -> Endpoints.datagramServerFromString(reactor, "udp:53:ttl=3"))
        .hasMessageContaining("unknown parameter \"ttl\"");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "udp:53"))
        .hasMessageContaining("datagramServerFromString");
    assertThatThrownBy(() -> Endpoints.datagramServerFromString(reactor, "tcp:53"))
        .hasMessageContaining("tcp: endpoints are not datagram endpoints");
  }

  /** Echoes every datagram back to its sender. */
  private static final class UdpEcho implements DatagramProtocol {
    DatagramTransport transport;

    @Override
    public void startProtocol(DatagramTransport transport) {
      this.transport = transport;
    }

    @Override
    public void datagramReceived(ByteBuffer data, SocketAddress from) {
      transport.write(data, from);
    }
  }

  @Test
  void udpEndpointsBindRealPortsOnIpv4AndIpv6(ReactorTester t) {
    Reactor reactor = t.reactor();
    for (String iface : new String[] {"127.0.0.1", "\\:\\:1"}) {
      UdpEcho echo = new UdpEcho();
      DatagramTransport port =
          t.await(
              Endpoints.datagramServerFromString(reactor, "udp:0:interface=" + iface).listen(echo));
      assertThat(echo.transport).isSameAs(port);
      InetSocketAddress bound = port.hostAddress();
      assertThat(bound.getPort()).isPositive();
      ByteString back =
          t.await(
              reactor.deferToThread(
                  () -> {
                    try (DatagramSocket s = new DatagramSocket(0, bound.getAddress())) {
                      s.setSoTimeout(10_000);
                      s.send(new DatagramPacket("ping".getBytes(), 4, bound));
                      DatagramPacket in = new DatagramPacket(new byte[16], 16);
                      s.receive(in);
                      return ByteString.of(in.getData(), 0, in.getLength());
                    }
                  }));
      assertThat(back.utf8()).isEqualTo("ping");
      t.await(port.stopListening());
    }
  }

  @Test
  void bindingAUdpPortInUseFailsTheDeferred(ReactorTester t) {
    Reactor reactor = t.reactor();
    DatagramTransport first =
        t.await(
            Endpoints.datagramServerFromString(reactor, "udp:0:interface=127.0.0.1")
                .listen((data, from) -> {}));
    Throwable error =
        t.awaitFailure(
            Endpoints.datagramServerFromString(
                    reactor, "udp:" + first.hostAddress().getPort() + ":interface=127.0.0.1")
                .listen((data, from) -> {}));
    assertThat(error).isInstanceOf(java.net.BindException.class);
    t.await(first.stopListening());
  }
}
