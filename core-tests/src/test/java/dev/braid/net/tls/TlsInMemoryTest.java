package dev.braid.net.tls;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ConnectionDone;
import dev.braid.net.ConnectionLost;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.tls.internal.TlsConnection;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.StringTransport;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS layers talking in memory (Loopback, StringTransport, FakeClock): no sockets. */
@BraidTest
class TlsInMemoryTest {
  @TempDir static Path dir;
  static CertificateKey alpha;
  static CertificateKey beta;
  static CertificateKey client;

  @BeforeAll
  static void certificates() throws Exception {
    alpha = Certs.load(Certs.selfSigned(dir, "alpha.test"));
    beta = Certs.load(Certs.selfSignedRsa(dir, "beta.test"));
    client = Certs.load(Certs.selfSigned(dir, "client.test"));
  }

  private final FakeClock clock = new FakeClock();

  private static List<X509Certificate> roots(CertificateKey... keys) {
    return java.util.Arrays.stream(keys).map(CertificateKey::leaf).toList();
  }

  private TlsConnection server(TlsOptions options, Protocol app) {
    return TlsConnection.create(
        clock, options.newEngine(Optional.empty(), -1), app, options.handshakeTimeout());
  }

  private TlsConnection client(TlsOptions options, String host, Protocol app) {
    return TlsConnection.create(
        clock, options.newEngine(Optional.of(host), 443), app, options.handshakeTimeout());
  }

  @Test
  void clientAndServerExchangeBytesAfterTheHandshakeAndAgreeOnAlpn() {
    Recorder serverApp = new Recorder();
    Recorder clientApp = new Recorder();
    TlsOptions serverOptions = TlsOptions.server(alpha).alpn("h2", "http/1.1").build();
    TlsOptions clientOptions =
        TlsOptions.client().trustRoots(roots(alpha)).alpn("http/1.1", "h2").build();
    LoopbackPump pump =
        Loopback.connect(
            server(serverOptions, serverApp), client(clientOptions, "alpha.test", clientApp));
    assertNoResult(clientApp.made);
    pump.flush();
    successResultOf(clientApp.made);
    assertThat(clientApp.tls().applicationProtocol()).contains("h2");
    assertThat(serverApp.tls().applicationProtocol()).contains("h2");
    assertThat(clientApp.tls().session().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(clientApp.tls().session().getCipherSuite()).matches(".*(GCM|POLY1305).*");

    clientApp.transport.write("ping");
    pump.flush();
    assertThat(serverApp.text()).isEqualTo("ping");
    serverApp.transport.write("pong");
    pump.flush();
    assertThat(clientApp.text()).isEqualTo("pong");

    clientApp.transport.loseConnection();
    pump.flush();
    assertThat(successResultOf(clientApp.lost)).isInstanceOf(ConnectionDone.class);
    successResultOf(serverApp.readClosed); // the server heard close_notify
    serverApp.transport.loseConnection();
    pump.flush();
    assertThat(successResultOf(serverApp.lost)).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void theServerPicksTheCertificateNamedByTheClientsSni() {
    TlsOptions serverOptions =
        TlsOptions.server(SniCertificates.of(Map.of("alpha", alpha, "beta", beta))).build();
    for (String name : List.of("alpha.test", "beta.test")) {
      Recorder serverApp = new Recorder();
      Recorder clientApp = new Recorder();
      TlsOptions clientOptions = TlsOptions.client().trustRoots(roots(alpha, beta)).build();
      LoopbackPump pump =
          Loopback.connect(
              server(serverOptions, serverApp), client(clientOptions, name, clientApp));
      pump.flush();
      X509Certificate presented = (X509Certificate) clientApp.tls().peerCertificates().getFirst();
      assertThat(presented.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
      assertThat(serverApp.tls().requestedServerName()).contains(name);
      clientApp.transport.abortConnection();
      pump.flush();
      successResultOf(clientApp.lost);
      successResultOf(serverApp.lost);
    }
  }

  @Test
  void aClientRefusesACertificateForAnotherNameWithAClearError() {
    Recorder clientApp = new Recorder();
    TlsConnection clientTls =
        client(TlsOptions.client().trustRoots(roots(alpha)).build(), "other.test", clientApp);
    LoopbackPump pump =
        Loopback.connect(server(TlsOptions.server(alpha).build(), new Recorder()), clientTls);
    var handshake = clientTls.whenHandshakeDone();
    pump.flush();
    SSLHandshakeException error = failureResultOf(handshake, SSLHandshakeException.class);
    assertThat(error).hasMessageContaining("other.test");
    assertNoResult(clientApp.made);
    assertThat(pump.closed()).isTrue();
  }

  @Test
  void aServerRequiringClientCertificatesRefusesAClientWithoutOneAndAcceptsOneWithIt() {
    TlsOptions serverOptions =
        TlsOptions.server(alpha)
            .clientAuth(TlsOptions.ClientAuth.REQUIRED)
            .trustRoots(roots(client))
            .protocols("TLSv1.2")
            .build();
    TlsConnection anonymous =
        client(TlsOptions.client().trustRoots(roots(alpha)).build(), "alpha.test", new Recorder());
    LoopbackPump pump = Loopback.connect(server(serverOptions, new Recorder()), anonymous);
    var refused = anonymous.whenHandshakeDone();
    pump.flush();
    failureResultOf(refused, javax.net.ssl.SSLException.class);

    Recorder serverApp = new Recorder();
    Recorder clientApp = new Recorder();
    TlsOptions withCertificate =
        TlsOptions.client().trustRoots(roots(alpha)).clientCertificate(client).build();
    LoopbackPump second =
        Loopback.connect(
            server(serverOptions, serverApp), client(withCertificate, "alpha.test", clientApp));
    second.flush();
    X509Certificate seen = (X509Certificate) serverApp.tls().peerCertificates().getFirst();
    assertThat(seen.getSubjectX500Principal().getName()).isEqualTo("CN=client.test");
    clientApp.transport.loseConnection();
    second.flush();
    serverApp.transport.loseConnection();
    second.flush();
    successResultOf(serverApp.lost);
  }

  @Test
  void halfCloseThroughTlsLetsTheServerAnswerAfterTheClientStoppedSending() {
    Recorder serverApp = new Recorder();
    Recorder clientApp = new Recorder();
    LoopbackPump pump =
        Loopback.connect(
            server(TlsOptions.server(alpha).build(), serverApp),
            client(TlsOptions.client().trustRoots(roots(alpha)).build(), "alpha.test", clientApp));
    pump.flush();
    clientApp.transport.write("question");
    clientApp.transport.loseWriteConnection();
    pump.flush();
    assertThat(serverApp.text()).isEqualTo("question");
    successResultOf(serverApp.readClosed);
    serverApp.transport.write("answer");
    serverApp.transport.loseConnection();
    pump.flush();
    assertThat(clientApp.text()).isEqualTo("answer");
    successResultOf(clientApp.readClosed);
    clientApp.transport.loseConnection();
    pump.flush();
    successResultOf(clientApp.lost);
    successResultOf(serverApp.lost);
  }

  /** On connectionMade, starts a second TLS inside the first (the outer one is its transport). */
  private final class Nesting extends Recorder {
    private final TlsOptions inner;

    Nesting(TlsOptions inner) {
      this.inner = inner;
    }

    @Override
    public void connectionMade(Transport outer) {
      super.connectionMade(Tls.startTls(clock, outer, this, inner));
    }
  }

  @Test
  void aProtocolOverTlsCanStartTlsAgainOnEitherSide() {
    Nesting serverApp = new Nesting(TlsOptions.server(beta).build());
    Nesting clientApp =
        new Nesting(TlsOptions.client().trustRoots(roots(beta)).serverName("beta.test").build());
    TlsConnection serverTls = server(TlsOptions.server(alpha).build(), serverApp);
    TlsConnection clientTls =
        client(TlsOptions.client().trustRoots(roots(alpha)).build(), "alpha.test", clientApp);
    LoopbackPump pump = Loopback.connect(serverTls, clientTls);
    pump.flush();
    successResultOf(clientApp.made);
    clientApp.transport.write("ping");
    pump.flush();
    assertThat(serverApp.text()).isEqualTo("ping");
    assertThat(clientApp.tls()).isNotSameAs(clientTls);
    assertThat(clientApp.tls().handshakeDone()).isTrue();
    X509Certificate inner = (X509Certificate) clientApp.tls().peerCertificates().getFirst();
    assertThat(inner.getSubjectX500Principal().getName()).isEqualTo("CN=beta.test");
    clientApp.transport.loseConnection();
    pump.flush();
    successResultOf(serverApp.readClosed); // the inner close_notify reached the server's protocol
    serverApp.transport.loseConnection();
    pump.flush();
    successResultOf(clientApp.lost);
    successResultOf(serverApp.lost);
  }

  @Test
  void theHandshakeTimesOutOnTheReactorClock() {
    StringTransport transport = new StringTransport();
    Recorder app = new Recorder();
    TlsConnection tls = server(TlsOptions.server(alpha).build(), app);
    transport.makeConnection(tls);
    var handshake = tls.whenHandshakeDone();
    clock.advance(TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT.minusMillis(1));
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(transport.aborted()).isTrue();
    assertThat(failureResultOf(handshake, ConnectionLost.class)).hasMessageContaining("handshake");
    assertNoResult(app.made);
  }

  @Test
  void aClientHelloLargerThanOneRecordIsRefusedBeforeTheEngineSeesIt() {
    StringTransport oversizedRecord = new StringTransport();
    oversizedRecord.makeConnection(server(TlsOptions.server(alpha).build(), new Recorder()));
    oversizedRecord.receive(dev.braid.bytes.ByteString.of(new byte[] {22, 3, 1, 0x40, 0x01}));
    assertThat(oversizedRecord.aborted()).isTrue();

    StringTransport helloSpanningRecords = new StringTransport();
    helloSpanningRecords.makeConnection(server(TlsOptions.server(alpha).build(), new Recorder()));
    // a record of 512 bytes announcing a ClientHello of 65536 bytes
    helloSpanningRecords.receive(
        dev.braid.bytes.ByteString.of(new byte[] {22, 3, 1, 0x02, 0x00, 1, 1, 0, 0}));
    assertThat(helloSpanningRecords.aborted()).isTrue();

    StringTransport notTls = new StringTransport();
    notTls.makeConnection(server(TlsOptions.server(alpha).build(), new Recorder()));
    notTls.receive("GET / HTTP/1.1\r\n");
    assertThat(notTls.aborted()).isTrue();
  }

  @Test
  void aClientHelloArrivingOneByteAtATimeIsAccepted() {
    Recorder serverApp = new Recorder();
    StringTransport serverSide = new StringTransport();
    StringTransport clientSide = new StringTransport();
    TlsConnection serverTls = server(TlsOptions.server(alpha).build(), serverApp);
    serverSide.makeConnection(serverTls);
    clientSide.makeConnection(
        client(TlsOptions.client().trustRoots(roots(alpha)).build(), "alpha.test", new Recorder()));
    byte[] hello = clientSide.written().toByteArray();
    for (byte b : hello) {
      serverSide.receive(dev.braid.bytes.ByteString.of(new byte[] {b}));
    }
    assertThat(serverSide.aborted()).isFalse();
    assertThat(serverSide.written().size()).isPositive(); // the ServerHello went out
  }
}
