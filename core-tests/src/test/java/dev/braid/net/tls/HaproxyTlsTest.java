package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.proxy.ProxyHeader;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code haproxy:tls:...}: the PROXY header comes in clear before the TLS handshake. */
@BraidTest
class HaproxyTlsTest {
  @TempDir Path dir;

  /** Echoes what it receives. */
  private static final class EchoRecorder extends Recorder {
    @Override
    public void dataReceived(ByteBuffer data) {
      transport.writeCopy(data.duplicate());
      super.dataReceived(data);
    }
  }

  @Test
  void theHeaderIsReadBelowTlsAndTheTlsProtocolSeesTheClientsAddress(ReactorTester t)
      throws Exception {
    Reactor reactor = t.reactor();
    DevCertificates.localhost(dir);
    InetSocketAddress client = new InetSocketAddress(InetAddress.ofLiteral("2001:db8::7"), 5555);
    InetSocketAddress front = new InetSocketAddress(InetAddress.ofLiteral("2001:db8::1"), 443);
    EchoRecorder server = new EchoRecorder();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(
                    reactor,
                    "haproxy:ssl:0:certKey="
                        + dir.resolve("localhost.pem")
                        + ":interface=127.0.0.1")
                .listen(peer -> server));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "dev", Pem.readCertificates(dir.resolve("localhost-cert.pem")).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    ProxyHeader header = ProxyHeader.v2(client, front, List.of());

    ByteString echoed =
        t.await(
            reactor.deferToThread(
                () -> {
                  Socket raw = new Socket("127.0.0.1", portNumber);
                  raw.getOutputStream().write(header.encode().toByteArray());
                  try (SSLSocket tls =
                      (SSLSocket)
                          context
                              .getSocketFactory()
                              .createSocket(raw, "localhost", portNumber, true)) {
                    tls.startHandshake();
                    tls.getOutputStream().write("secret".getBytes());
                    return ByteString.of(tls.getInputStream().readNBytes(6));
                  }
                }));

    assertThat(echoed.utf8()).isEqualTo("secret");
    assertThat(t.await(server.made).peerAddress()).isEqualTo(client);
    assertThat(server.transport).isInstanceOf(TlsTransport.class);
    t.await(server.readClosed);
    server.transport.loseConnection();
    t.await(server.lost);
    t.await(port.stopListening());
  }
}
