package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ConnectionLost;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Braid TLS server refuses a client's TLS 1.2 renegotiation (each would cost the server a full
 * handshake's CPU), against real clients on 127.0.0.1: {@code openssl s_client} and the JDK's
 * {@code SSLSocket}. TLS 1.3's key update, which is not a renegotiation, goes on working.
 */
@BraidTest
class TlsRenegotiationTest {
  @TempDir static Path dir;
  static Path certKey;
  static Path cert;

  @BeforeAll
  static void makeCertificates() throws Exception {
    DevCertificates.localhost(dir);
    certKey = dir.resolve("localhost.pem");
    cert = dir.resolve("localhost-cert.pem");
  }

  private final List<EchoProbe> served = new ArrayList<>();

  private ListeningPort listen(ReactorTester t) {
    return t.await(
        Endpoints.serverFromString(t.reactor(), "ssl:0:certKey=" + certKey + ":interface=127.0.0.1")
            .listen(
                peer -> {
                  EchoProbe echo = new EchoProbe();
                  served.add(echo);
                  return echo;
                }));
  }

  private static int port(ListeningPort listening) {
    return ((InetSocketAddress) listening.address()).getPort();
  }

  private RealPeer opensslClient(Reactor reactor, int port, String version) throws IOException {
    RealPeer peer =
        RealPeer.start(
            reactor,
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + port,
            version,
            "-CAfile",
            cert.toString(),
            "-verify_return_error");
    return peer;
  }

  @Test
  void opensslClientRenegotiatingOverTls12IsDisconnected(ReactorTester t) throws Exception {
    ListeningPort listening = listen(t);
    RealPeer client = opensslClient(t.reactor(), port(listening), "-tls1_2");
    assertThat(t.await(client.lineContaining("Verify return code"))).contains("0 (ok)");
    client.send("before\n");
    t.await(client.lineContaining("before"));

    client.send("R\n"); // s_client's command: renegotiate
    Throwable reason = t.await(served.getFirst().lost);
    assertThat(reason).isInstanceOf(ConnectionLost.class).hasMessageContaining("renegotiat");
    t.await(client.exited());
    assertThat(client.output()).contains("RENEGOTIATING");
    assertThat(served).hasSize(1);
    t.await(listening.stopListening());
  }

  @Test
  void jdkClientStartingASecondHandshakeOverTls12IsDisconnected(ReactorTester t) throws Exception {
    ListeningPort listening = listen(t);
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("dev", Pem.readCertificates(cert).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    int port = port(listening);

    String afterRenegotiating =
        t.await(
            t.reactor()
                .deferToThread(
                    () -> {
                      try (SSLSocket tls =
                          (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
                        tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                        tls.startHandshake();
                        InputStream in = tls.getInputStream();
                        tls.getOutputStream().write("one".getBytes(StandardCharsets.US_ASCII));
                        String first = new String(in.readNBytes(3), StandardCharsets.US_ASCII);
                        if (!first.equals("one")) {
                          return "no echo before renegotiating: " + first;
                        }
                        tls.startHandshake(); // TLS 1.2: a new ClientHello on this connection
                        try {
                          tls.getOutputStream().write("two".getBytes(StandardCharsets.US_ASCII));
                          byte[] second = in.readNBytes(3);
                          return second.length == 0
                              ? "closed"
                              : "echoed " + new String(second, StandardCharsets.US_ASCII);
                        } catch (IOException e) {
                          return "closed";
                        }
                      }
                    }));

    assertThat(afterRenegotiating).isEqualTo("closed");
    Throwable reason = t.await(served.getFirst().lost);
    assertThat(reason).hasMessageContaining("renegotiat");
    t.await(listening.stopListening());
  }

  @Test
  void aTls13KeyUpdateIsNotTakenForARenegotiation(ReactorTester t) throws Exception {
    ListeningPort listening = listen(t);
    RealPeer client = opensslClient(t.reactor(), port(listening), "-tls1_3");
    assertThat(t.await(client.lineContaining("Verify return code"))).contains("0 (ok)");
    client.send("K\n"); // s_client's command: key update, asking the server to update too
    t.await(client.lineContaining("KEYUPDATE"));
    client.send("after-key-update\n");
    t.await(client.lineContaining("after-key-update"));
    client.closeStdin();
    t.await(client.exited());
    t.await(served.getFirst().lost);
    t.await(listening.stopListening());
  }
}
