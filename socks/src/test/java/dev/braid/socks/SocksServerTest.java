package dev.braid.socks;

import static dev.braid.socks.codec.SocksBytes.ascii;
import static dev.braid.socks.codec.SocksBytes.bytes;
import static dev.braid.socks.codec.SocksBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Resolver;
import dev.braid.socks.codec.Socks5Reply;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SOCKS server driven in memory: a StringTransport client, a fake resolver and dialer. */
@BraidTest
class SocksServerTest {
  private static final byte[] CONNECT_PUBLIC_80 = bytes(5, 1, 0, 1, 93, 184, 216, 34, 0, 80);

  private final FakeClock clock = new FakeClock();
  private final Map<String, Deferred<List<InetAddress>>> lookups = new HashMap<>();
  private final List<Dial> dials = new ArrayList<>();
  private final StringTransport client = new StringTransport();

  /** One connection attempt of the proxy. */
  private record Dial(
      InetSocketAddress address, ProtocolFactory factory, Deferred<Protocol> result) {
    /** Completes the attempt with a new upstream connection and returns its transport. */
    StringTransport succeed() {
      StringTransport upstream = new StringTransport();
      Protocol protocol = factory.buildProtocol(address);
      upstream.makeConnection(protocol);
      result.callback(protocol);
      return upstream;
    }
  }

  private SocksServer start(SocksConfig config) {
    Resolver resolver =
        host -> lookups.computeIfAbsent(host, h -> new Deferred<List<InetAddress>>());
    Dialer dialer =
        (address, factory) -> {
          Dial dial = new Dial(address, factory, new Deferred<>());
          dials.add(dial);
          return dial.result();
        };
    SocksServer server = new SocksServer(clock, resolver, dialer, config);
    client.makeConnection(server);
    return server;
  }

  private static Portal alice() {
    return Portal.create(Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret"))));
  }

  private void send(byte[] data) {
    client.receive(ByteString.of(data));
  }

  private ByteString takeWritten() {
    ByteString out = client.written();
    client.clear();
    return out;
  }

  @Test
  void socks5ConnectWithoutAuthRelaysBothWays() {
    start(SocksConfig.defaults());
    send(bytes(5, 1, 0));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 0)));
    send(CONNECT_PUBLIC_80);
    assertThat(client.readingPaused()).as("no reading while connecting").isTrue();
    assertThat(dials).hasSize(1);
    assertThat(dials.get(0).address())
        .isEqualTo(new InetSocketAddress(InetAddress.ofLiteral("93.184.216.34"), 80));
    StringTransport upstream = dials.get(0).succeed();
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 0, 0, 1, 127, 0, 0, 1, 0x30, 0x39)));
    assertThat(client.readingPaused()).isFalse();
    client.receive("GET / HTTP/1.0\r\n\r\n");
    assertThat(upstream.writtenUtf8()).isEqualTo("GET / HTTP/1.0\r\n\r\n");
    upstream.receive("HTTP/1.0 200 OK\r\n\r\nhi");
    assertThat(client.writtenUtf8()).isEqualTo("HTTP/1.0 200 OK\r\n\r\nhi");
    upstream.reportDisconnect();
    assertThat(client.disconnecting()).isTrue();
    client.reportDisconnect();
  }

  @Test
  void bytesSentRightAfterTheRequestReachTheDestination() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80, ascii("early")));
    StringTransport upstream = dials.get(0).succeed();
    assertThat(upstream.writtenUtf8()).isEqualTo("early");
    client.reportDisconnect();
    assertThat(upstream.disconnecting()).isTrue();
  }

  @Test
  void aSlowSideStopsReadingOnTheOther() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80));
    StringTransport upstream = dials.get(0).succeed();
    upstream.fillWriteBuffer();
    assertThat(client.readingPaused()).as("upstream full: client paused").isTrue();
    upstream.drainWriteBuffer();
    assertThat(client.readingPaused()).isFalse();
    client.fillWriteBuffer();
    assertThat(upstream.readingPaused()).as("client full: upstream paused").isTrue();
    client.drainWriteBuffer();
    assertThat(upstream.readingPaused()).isFalse();
    client.reportDisconnect();
  }

  @Test
  void halfClosesPassThrough() {
    SocksServer server = start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80));
    StringTransport upstream = dials.get(0).succeed();
    server.readConnectionLost();
    assertThat(upstream.writeConnectionLost()).isTrue();
    client.reportDisconnect();
  }

  @Test
  void socks4aResolvesTheNameOffTheLoopAndConnects() {
    start(SocksConfig.defaults());
    send(
        concat(
            bytes(4, 1, 0, 80, 0, 0, 0, 1),
            ascii("bob"),
            bytes(0),
            ascii("example.com"),
            bytes(0)));
    assertThat(lookups).containsOnlyKeys("example.com");
    assertThat(dials).isEmpty();
    lookups
        .get("example.com")
        .callback(
            List.of(InetAddress.ofLiteral("10.0.0.5"), InetAddress.ofLiteral("93.184.216.34")));
    assertThat(dials.get(0).address().getAddress())
        .as("the first address allowed is used")
        .isEqualTo(InetAddress.ofLiteral("93.184.216.34"));
    dials.get(0).succeed();
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(0, 90, 0x30, 0x39, 127, 0, 0, 1)));
    client.reportDisconnect();
  }

  @Test
  void privateDestinationsAreNotAllowedByDefault() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), bytes(5, 1, 0, 1, 127, 0, 0, 1, 0, 80)));
    assertThat(dials).isEmpty();
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 0, 5, 2, 0, 1, 0, 0, 0, 0, 0, 0)));
    assertThat(client.disconnecting()).isTrue();
  }

  @Test
  void aNameResolvingOnlyToPrivateAddressesIsNotAllowed() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 9), ascii("localhost"), bytes(0, 80)));
    lookups.get("localhost").callback(List.of(InetAddress.ofLiteral("127.0.0.1")));
    assertThat(dials).isEmpty();
    assertThat(takeWritten().byteAt(3)).isEqualTo((byte) Socks5Reply.NOT_ALLOWED.code());
  }

  @Test
  void allowPrivateLetsLoopbackThrough() {
    start(SocksConfig.defaults().withAllowPrivate(true));
    send(concat(bytes(5, 1, 0), bytes(5, 1, 0, 1, 127, 0, 0, 1, 0, 80)));
    assertThat(dials).hasSize(1);
    dials.get(0).succeed();
    client.reportDisconnect();
  }

  @Test
  void connectErrorsMapToTheirReplyCodes() {
    Object[][] cases = {
      {new ConnectException("cannot connect: Connection refused"), Socks5Reply.CONNECTION_REFUSED},
      {new SocketTimeoutException("timed out"), Socks5Reply.HOST_UNREACHABLE},
      {new java.net.NoRouteToHostException("No route to host"), Socks5Reply.HOST_UNREACHABLE},
      {new ConnectException("Network is unreachable"), Socks5Reply.NETWORK_UNREACHABLE},
      {new IllegalStateException("odd"), Socks5Reply.GENERAL_FAILURE},
    };
    for (Object[] c : cases) {
      StringTransport transport = new StringTransport();
      dials.clear();
      SocksServer server =
          new SocksServer(
              clock,
              host -> Deferred.fail(new UnknownHostException(host)),
              (address, factory) -> Deferred.fail((Throwable) c[0]),
              SocksConfig.defaults());
      transport.makeConnection(server);
      transport.receive(ByteString.of(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80)));
      assertThat(transport.written().byteAt(3))
          .as(c[0].toString())
          .isEqualTo((byte) ((Socks5Reply) c[1]).code());
      assertThat(transport.disconnecting()).isTrue();
    }
  }

  @Test
  void anUnknownHostIsHostUnreachable() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 7), ascii("nowhere"), bytes(0, 80)));
    lookups.get("nowhere").errback(new UnknownHostException("nowhere"));
    assertThat(takeWritten().byteAt(3)).isEqualTo((byte) Socks5Reply.HOST_UNREACHABLE.code());
    assertThat(client.disconnecting()).isTrue();
  }

  @Test
  void bindAndUdpAssociateAreNotSupported() {
    for (int command : new int[] {2, 3}) {
      StringTransport transport = new StringTransport();
      transport.makeConnection(
          new SocksServer(
              clock, h -> new Deferred<>(), (a, f) -> new Deferred<>(), SocksConfig.defaults()));
      transport.receive(
          ByteString.of(concat(bytes(5, 1, 0), bytes(5, command, 0, 1, 1, 2, 3, 4, 0, 80))));
      assertThat(transport.written())
          .isEqualTo(ByteString.of(bytes(5, 0, 5, 7, 0, 1, 0, 0, 0, 0, 0, 0)));
      assertThat(transport.disconnecting()).isTrue();
    }
  }

  @Test
  void socks4BindIsRejected() {
    start(SocksConfig.defaults());
    send(concat(bytes(4, 2, 0, 80, 1, 2, 3, 4), bytes(0)));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(0, 91, 0, 0, 0, 0, 0, 0)));
    assertThat(client.disconnecting()).isTrue();
  }

  @Test
  void theRightPasswordLogsInThenConnects() {
    start(SocksConfig.defaults().withPortal(alice()));
    send(bytes(5, 2, 0, 2));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 2)));
    send(concat(bytes(1, 5), ascii("alice"), bytes(6), ascii("secret")));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(1, 0)));
    send(CONNECT_PUBLIC_80);
    assertThat(dials).hasSize(1);
    dials.get(0).succeed();
    client.reportDisconnect();
  }

  @Test
  void aClientPipeliningItsWholeHandshakeIsServedInOrder() {
    start(SocksConfig.defaults().withPortal(alice()));
    send(
        concat(
            bytes(5, 1, 2),
            bytes(1, 5),
            ascii("alice"),
            bytes(6),
            ascii("secret"),
            CONNECT_PUBLIC_80,
            ascii("early")));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 2, 1, 0)));
    assertThat(dials).hasSize(1);
    StringTransport upstream = dials.get(0).succeed();
    assertThat(upstream.writtenUtf8()).isEqualTo("early");
    client.reportDisconnect();
  }

  @Test
  void aWrongPasswordIsRefusedAndClosed() {
    start(SocksConfig.defaults().withPortal(alice()));
    send(concat(bytes(5, 1, 2), bytes(1, 5), ascii("alice"), bytes(5), ascii("guess")));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 2, 1, 1)));
    assertThat(client.disconnecting()).isTrue();
    assertThat(dials).isEmpty();
  }

  @Test
  void aClientNotOfferingPasswordsIsRefusedWhenLoginIsRequired() {
    start(SocksConfig.defaults().withPortal(alice()));
    send(bytes(5, 1, 0));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 0xff)));
    assertThat(client.disconnecting()).isTrue();
  }

  @Test
  void aClientOfferingOnlyPasswordsIsRefusedWhenNoLoginIsConfigured() {
    start(SocksConfig.defaults());
    send(bytes(5, 1, 2));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(5, 0xff)));
  }

  @Test
  void socks4IsRefusedWhenLoginIsRequired() {
    start(SocksConfig.defaults().withPortal(alice()));
    send(concat(bytes(4, 1, 0, 80, 93, 184, 216, 34), ascii("alice"), bytes(0)));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(0, 91, 0, 0, 0, 0, 0, 0)));
    assertThat(dials).isEmpty();
  }

  @Test
  void theHandshakeMustFinishInTime() {
    start(SocksConfig.defaults().withHandshakeTimeout(Duration.ofSeconds(10)));
    send(bytes(5, 1));
    clock.advance(Duration.ofMillis(9999));
    assertThat(client.disconnecting()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(client.disconnecting()).isTrue();
    assertThat(client.written().isEmpty()).isTrue();
    client.reportDisconnect();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void theHandshakeTimerStopsOnceTheRequestArrives() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80));
    assertThat(clock.pendingCalls()).isEmpty();
    dials.get(0).succeed();
    client.reportDisconnect();
  }

  @Test
  void garbageGetsAFailureReplyAndTheConnectionCloses() {
    start(SocksConfig.defaults());
    send(ascii("GET / HTTP/1.1\r\n"));
    assertThat(client.written().isEmpty()).isTrue();
    assertThat(client.disconnecting()).isTrue();

    StringTransport socks5 = new StringTransport();
    socks5.makeConnection(
        new SocksServer(
            clock, h -> new Deferred<>(), (a, f) -> new Deferred<>(), SocksConfig.defaults()));
    socks5.receive(ByteString.of(concat(bytes(5, 1, 0), bytes(5, 1, 0, 9, 0, 0))));
    assertThat(socks5.written())
        .isEqualTo(ByteString.of(bytes(5, 0, 5, 8, 0, 1, 0, 0, 0, 0, 0, 0)));
    assertThat(socks5.disconnecting()).isTrue();
  }

  @Test
  void anOversizedSocks4UserIdIsRejected() {
    start(SocksConfig.defaults().withMaxMessageSize(300));
    send(concat(bytes(4, 1, 0, 80, 93, 184, 216, 34), ascii("u".repeat(400))));
    assertThat(takeWritten()).isEqualTo(ByteString.of(bytes(0, 91, 0, 0, 0, 0, 0, 0)));
    assertThat(client.disconnecting()).isTrue();
  }

  @Test
  void aClientLeavingWhileConnectingCancelsTheAttempt() {
    start(SocksConfig.defaults());
    send(concat(bytes(5, 1, 0), CONNECT_PUBLIC_80));
    Deferred<Protocol> attempt = dials.get(0).result();
    attempt.addErrback(e -> null);
    client.reportDisconnect();
    assertThat(attempt.called()).as("cancelled").isTrue();
  }
}
