package dev.braid.protocols.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.Transport;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The PROXY protocol wrapper in memory: real addresses, strict rejection, the header timeout. */
@BraidTest
class ProxyProtocolTest {
  private static final InetSocketAddress CLIENT =
      new InetSocketAddress(InetAddress.ofLiteral("203.0.113.9"), 40000);
  private static final InetSocketAddress FRONT =
      new InetSocketAddress(InetAddress.ofLiteral("198.51.100.1"), 443);

  /** Records what the application protocol saw. */
  private static final class App implements Protocol {
    Transport transport;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    Throwable lost;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      received.writeBytes(b);
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost = reason;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final List<SocketAddress> builtFor = new ArrayList<>();
  private final List<App> apps = new ArrayList<>();
  private final ProtocolFactory appFactory =
      peer -> {
        builtFor.add(peer);
        App app = new App();
        apps.add(app);
        return app;
      };

  private StringTransport connect(ProxyProtocol.Options options) {
    StringTransport transport = new StringTransport();
    ProtocolFactory wrapped = ProxyProtocol.wrap(clock, appFactory, options);
    transport.makeConnection(wrapped.buildProtocol(transport.peerAddress()));
    return transport;
  }

  private StringTransport connect() {
    return connect(ProxyProtocol.Options.defaults());
  }

  @Test
  void theApplicationSeesTheClientAddressFromAV1Header() {
    StringTransport transport = connect();
    transport.receive(ProxyHeader.v1(CLIENT, FRONT).encode().concat(ByteString.ascii("hello")));
    App app = apps.getFirst();
    assertThat(builtFor).containsExactly(CLIENT);
    assertThat(app.transport.peerAddress()).isEqualTo(CLIENT);
    assertThat(app.transport.hostAddress()).isEqualTo(FRONT);
    assertThat(app.received.toString()).isEqualTo("hello");
    assertThat(ProxyProtocol.header(app.transport)).contains(ProxyHeader.v1(CLIENT, FRONT));
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aV2HeaderInPiecesGivesTheAddressAndTlvsAndThenThePayload() {
    StringTransport transport = connect();
    ProxyHeader header =
        ProxyHeader.v2(CLIENT, FRONT, List.of(new Tlv(Tlv.AUTHORITY, ByteString.ascii("a.test"))));
    ByteString bytes = header.encode().concat(ByteString.ascii("payload"));
    for (int i = 0; i < bytes.size(); i += 5) {
      transport.receive(bytes.substring(i, Math.min(bytes.size(), i + 5)));
    }
    App app = apps.getFirst();
    assertThat(app.transport.peerAddress()).isEqualTo(CLIENT);
    assertThat(((ProxiedTransport) app.transport).header().tlv(Tlv.AUTHORITY)).isPresent();
    assertThat(app.received.toString()).isEqualTo("payload");
  }

  @Test
  void writesAndClosesGoToTheRealConnection() {
    StringTransport transport = connect();
    transport.receive(ProxyHeader.v1(CLIENT, FRONT).encode());
    App app = apps.getFirst();
    app.transport.write("reply");
    app.transport.loseConnection();
    assertThat(transport.writtenUtf8()).isEqualTo("reply");
    assertThat(transport.disconnecting()).isTrue();
    assertThat(((ProxiedTransport) app.transport).lower()).isSameAs(transport);
    transport.reportDisconnect();
    assertThat(app.lost).isNotNull();
  }

  @Test
  void v1UnknownAndV2LocalKeepTheSocketsAddresses() {
    for (ProxyHeader header : List.of(ProxyHeader.v1Unknown(), ProxyHeader.v2Local())) {
      StringTransport transport = connect();
      transport.receive(header.encode());
      App app = apps.getLast();
      assertThat(app.transport.peerAddress()).isEqualTo(transport.peerAddress());
      assertThat(app.transport.hostAddress()).isEqualTo(transport.hostAddress());
    }
    assertThat(builtFor).hasSize(2);
  }

  @Test
  void aMalformedHeaderClosesTheConnectionWithoutBuildingTheApplication() {
    StringTransport transport = connect();
    transport.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(transport.aborted()).isTrue();
    assertThat(apps).isEmpty();
    assertThat(clock.pendingCalls()).isEmpty();
    transport.reportDisconnect();
  }

  @Test
  void bytesAfterARejectedHeaderAreNeverPassedOn() {
    StringTransport transport = connect();
    transport.receive("PROXY TCP4 1.2.3.4 5.6.7.8 1 99999\r\nsecret");
    transport.receive("more");
    assertThat(transport.aborted()).isTrue();
    assertThat(apps).isEmpty();
  }

  @Test
  void anOversizedV2HeaderClosesTheConnection() {
    StringTransport transport = connect(ProxyProtocol.Options.defaults().withMaxV2Length(300));
    ProxyHeader big =
        ProxyHeader.v2(CLIENT, FRONT, List.of(new Tlv(Tlv.NOOP, ByteString.of(new byte[400]))));
    transport.receive(big.encode().substring(0, 16));
    assertThat(transport.aborted()).isTrue();
    assertThat(apps).isEmpty();
  }

  @Test
  void aHeaderNotCompleteWithinTheTimeoutClosesTheConnection() {
    StringTransport transport = connect();
    transport.receive("PROXY TCP4 ");
    clock.advance(Duration.ofMillis(4999));
    assertThat(transport.aborted()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(transport.aborted()).isTrue();
    assertThat(apps).isEmpty();
    transport.reportDisconnect();
  }

  @Test
  void theHeaderTimeoutIsConfigurable() {
    StringTransport transport =
        connect(ProxyProtocol.Options.defaults().withHeaderTimeout(Duration.ofMillis(100)));
    clock.advance(Duration.ofMillis(100));
    assertThat(transport.aborted()).isTrue();
  }

  @Test
  void aConnectionLostBeforeTheHeaderCancelsTheTimeout() {
    StringTransport transport = connect();
    transport.receive("PROXY");
    transport.reportDisconnect();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(apps).isEmpty();
  }

  @Test
  void aFactoryRefusingTheRealAddressClosesTheConnection() {
    StringTransport transport = new StringTransport();
    ProtocolFactory refusing =
        peer -> {
          throw new RefuseConnectionException("not from " + peer);
        };
    transport.makeConnection(ProxyProtocol.wrap(clock, refusing).buildProtocol(null));
    transport.receive(ProxyHeader.v1(CLIENT, FRONT).encode());
    assertThat(transport.aborted()).isTrue();
  }

  @Test
  void switchingProtocolsOnTheProxiedTransportRoutesLaterBytes() {
    StringTransport transport = connect();
    transport.receive(ProxyHeader.v1(CLIENT, FRONT).encode().concat(ByteString.ascii("one")));
    App second = new App();
    ((ProxiedTransport) apps.getFirst().transport).switchProtocol(second);
    transport.receive("two");
    assertThat(apps.getFirst().received.toString()).isEqualTo("one");
    assertThat(second.received.toString()).isEqualTo("two");
  }
}
