package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.proxy.ProxyHeader;
import dev.braid.protocols.proxy.ProxyProtocol;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code haproxy:} endpoint prefix: parsing, and real connections that send a header. */
@BraidTest
class HaproxyEndpointTest {
  private static final InetSocketAddress CLIENT =
      new InetSocketAddress(InetAddress.ofLiteral("203.0.113.9"), 40000);
  private static final InetSocketAddress FRONT =
      new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 443);

  @Test
  void haproxyWrapsTheInnerServerEndpoint() {
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.serverFromString(reactor, "haproxy:tcp:8080:interface=127.0.0.1")
        .listen(Echo.factory());
    MemoryReactor.TcpServer server = reactor.tcpServers().getFirst();
    assertThat(server.port()).isEqualTo(8080);
    assertThat(server.options().interfaceAddress()).isEqualTo("127.0.0.1");
    // The factory given to TCP reads a PROXY header first.
    var transport = new dev.braid.testing.StringTransport();
    transport.makeConnection(server.factory().buildProtocol(transport.peerAddress()));
    transport.receive("no header");
    assertThat(transport.aborted()).isTrue();
  }

  @Test
  void malformedHaproxyDescriptionsNameTheBadPart() {
    MemoryReactor reactor = new MemoryReactor();
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "haproxy"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("needs the endpoint to wrap");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "haproxy:carrier:80"))
        .hasMessageContaining("unknown endpoint type \"carrier\" to wrap");
    assertThatThrownBy(() -> Endpoints.serverFromString(reactor, "haproxy:tcp:http"))
        .hasMessageContaining("in the wrapped endpoint")
        .hasMessageContaining("port must be a number");
    assertThatThrownBy(() -> Endpoints.clientFromString(reactor, "haproxy:tcp:localhost:80"))
        .hasMessageContaining("cannot be used to connect");
  }

  /** Echoes and remembers the transport it got. */
  private static final class Recorder extends Collector {
    @Override
    public void dataReceived(java.nio.ByteBuffer data) {
      transport.writeCopy(data.duplicate());
      super.dataReceived(data);
    }
  }

  @Test
  void aRealConnectionSendingAHeaderReachesTheProtocolWithTheClientsAddress(ReactorTester t) {
    Reactor reactor = t.reactor();
    for (ProxyHeader header :
        List.of(ProxyHeader.v1(CLIENT, FRONT), ProxyHeader.v2(CLIENT, FRONT, List.of()))) {
      Recorder server = new Recorder();
      ListeningPort port =
          t.await(
              Endpoints.serverFromString(reactor, "haproxy:tcp:0:interface=127.0.0.1")
                  .listen(peer -> server));
      int portNumber = ((InetSocketAddress) port.address()).getPort();
      ByteString echoed =
          t.await(
              reactor.deferToThread(
                  () -> {
                    try (Socket s = new Socket("127.0.0.1", portNumber)) {
                      s.getOutputStream().write(header.encode().toByteArray());
                      s.getOutputStream().write("ping".getBytes());
                      InputStream in = s.getInputStream();
                      return ByteString.of(in.readNBytes(4));
                    }
                  }));
      assertThat(echoed.utf8()).isEqualTo("ping");
      assertThat(t.await(server.made).peerAddress()).isEqualTo(CLIENT);
      assertThat(server.transport.hostAddress()).isEqualTo(FRONT);
      assertThat(ProxyProtocol.header(server.transport)).contains(header);
      t.await(server.lost);
      t.await(port.stopListening());
    }
  }

  @Test
  void aRealConnectionWithoutAHeaderIsClosedAndNothingReachesTheProtocol(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<Void> built = new Deferred<>();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "haproxy:tcp:0:interface=127.0.0.1")
                .listen(
                    peer -> {
                      built.callback(null);
                      return new Echo();
                    }));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    int read =
        t.await(
            reactor.deferToThread(
                () -> {
                  try (Socket s = new Socket("127.0.0.1", portNumber)) {
                    s.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes());
                    return s.getInputStream().read();
                  } catch (java.net.SocketException reset) {
                    return -1;
                  }
                }));
    assertThat(read).isEqualTo(-1);
    assertThat(built.called()).isFalse();
    t.await(port.stopListening());
  }
}
