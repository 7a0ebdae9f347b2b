package dev.braid.amp;

import static dev.braid.amp.InteropCommands.SUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.InteropCommands.Sum;
import dev.braid.amp.InteropCommands.Total;
import dev.braid.net.ListeningPort;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.TlsOptions;
import dev.braid.net.tls.TlsTransport;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * StartTLS against Twisted's own {@code amp.StartTLS}, both directions: a Braid client and {@code
 * amp/amp_tls_server.py}, a Twisted client ({@code amp/amp_tls_client.py}) and a Braid server.
 */
@BraidTest
class TwistedStartTlsInteropTest {
  record Secure(boolean secure) {}

  static final Command<Empty, Secure> SECURE = Command.of("Secure", Empty.class, Secure.class);

  @Test
  void aBraidClientStartsTlsOnATwistedServerThenCallsOverTls(
      ReactorTester tester, @TempDir Path dir) throws Exception {
    Reactor reactor = tester.reactor();
    CertificateKey key = DevCertificates.localhost(dir);
    RealPeer peer =
        TwistedPeer.command("amp_tls_server.py", dir.resolve("localhost.pem").toString())
            .start(reactor);
    int port = TwistedPeer.readPort(peer);
    Amp client =
        tester.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                .connectProtocol(new Amp()));
    assertThat(tester.await(client.callRemote(SECURE, Empty.INSTANCE)).secure()).isFalse();

    TlsTransport tls =
        tester.await(
            client
                .callStartTls(
                    reactor,
                    TlsOptions.client().trustRoots(key.chain()).serverName("localhost").build())
                .addDeferredCallback(TlsTransport::whenHandshakeDone));

    assertThat(tls.peerCertificates()).containsExactly(key.leaf());
    assertThat(tester.await(client.callRemote(SUM, new Sum(40, 2)))).isEqualTo(new Total(42));
    assertThat(tester.await(client.callRemote(SECURE, Empty.INSTANCE)).secure())
        .as(peer.err())
        .isTrue();
    tls.loseConnection();
    tester.await(client.whenLost());
  }

  @Test
  void aTwistedClientStartsTlsOnABraidServerThenCallsOverTls(
      ReactorTester tester, @TempDir Path dir) throws Exception {
    Reactor reactor = tester.reactor();
    CertificateKey key = DevCertificates.localhost(dir);
    TlsOptions serverOptions = TlsOptions.server(key).build();
    List<Amp> servers = new ArrayList<>();
    ListeningPort port =
        reactor.listenTcp(
            0,
            address -> {
              Amp amp =
                  new Amp()
                      .respondNow(SUM, a -> new Total(a.a() + a.b()))
                      .respondStartTls(reactor, serverOptions);
              servers.add(amp);
              return amp;
            },
            TcpListenOptions.defaults().withInterface("127.0.0.1"));
    int number = ((InetSocketAddress) port.address()).getPort();

    RealPeer peer =
        TwistedPeer.command(
                "amp_tls_client.py",
                String.valueOf(number),
                dir.resolve("localhost-cert.pem").toString())
            .start(reactor);
    int exited = tester.await(peer.exited());
    String stdout = peer.out();

    assertThat(exited).as(stdout + peer.err()).isZero();
    assertThat(stdout).contains("localhost").contains("OK");
    assertThat(servers).hasSize(1);
    tester.await(servers.getFirst().whenLost());
    assertThat(servers.getFirst().transport().orElseThrow()).isInstanceOf(TlsTransport.class);
    tester.await(port.stopListening());
  }
}
