package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.policies.ThrottlingFactory;
import dev.braid.net.policies.TrafficLoggingFactory;
import dev.braid.protocols.proxy.ProxyHeader;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS is a layer like any other: it stacks over the PROXY header reader and the policies, and the
 * protocol directly above it can switch protocols on it (STARTTLS starts a second TLS inside the
 * first). The client is the JDK's own TLS socket, over a real socket.
 */
@BraidTest
class TlsLayerStackTest {
  @TempDir Path dir;

  @Test
  void startTlsWorksOnAProtocolOverTlsOverPoliciesOverAProxyHeader(ReactorTester t)
      throws Exception {
    Reactor reactor = t.reactor();
    Path alpha = Certs.selfSigned(dir, "alpha.test");
    TlsOptions options = TlsOptions.server(Certs.load(alpha)).build();
    List<StartTlsLineServer> served = new ArrayList<>();
    ProtocolFactory app =
        peer -> {
          StartTlsLineServer s = new StartTlsLineServer(reactor, options);
          served.add(s);
          return s;
        };
    // below to above: TCP, PROXY header, throttling, traffic logging, TLS, the line server
    ProtocolFactory stacked =
        ThrottlingFactory.builder(
                TrafficLoggingFactory.builder(Tls.serverFactory(reactor, options, app)).build(),
                reactor)
            .readLimitPerConnection(1 << 20)
            .writeLimitPerConnection(1 << 20)
            .build();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(reactor, "haproxy:tcp:0:interface=127.0.0.1")
                .listen(stacked));
    int port = ((InetSocketAddress) listening.address()).getPort();
    InetSocketAddress client = new InetSocketAddress(InetAddress.ofLiteral("2001:db8::7"), 5555);
    InetSocketAddress front = new InetSocketAddress(InetAddress.ofLiteral("2001:db8::1"), 25);
    byte[] header = ProxyHeader.v2(client, front, List.of()).encode().toByteArray();
    SSLSocketFactory sockets = trusting(alpha).getSocketFactory();

    List<String> heard =
        t.await(
            reactor.deferToThread(
                () -> {
                  List<String> lines = new ArrayList<>();
                  Socket raw = new Socket("127.0.0.1", port);
                  raw.getOutputStream().write(header);
                  SSLSocket outer = (SSLSocket) sockets.createSocket(raw, "alpha.test", port, true);
                  outer.startHandshake();
                  BufferedReader plain = reader(outer);
                  lines.add(plain.readLine());
                  send(outer.getOutputStream(), "EHLO me");
                  lines.add(plain.readLine());
                  lines.add(plain.readLine());
                  send(outer.getOutputStream(), "STARTTLS");
                  lines.add(plain.readLine());
                  try (SSLSocket inner =
                      (SSLSocket) sockets.createSocket(outer, "alpha.test", port, true)) {
                    inner.startHandshake();
                    send(inner.getOutputStream(), "NOOP twice wrapped");
                    lines.add(reader(inner).readLine());
                  }
                  return lines;
                }));

    assertThat(heard)
        .containsExactly(
            "220 braid ESMTP test",
            "250-braid",
            "250 STARTTLS",
            "220 go ahead",
            "250 got NOOP twice wrapped");
    StartTlsLineServer server = served.getFirst();
    t.await(server.lost);
    assertThat(server.lines).containsExactly("EHLO me", "STARTTLS", "NOOP twice wrapped");
    assertThat(server.peer).isEqualTo(client); // the header's address, through every layer
    t.await(listening.stopListening());
  }

  private static SSLContext trusting(Path home) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry(
        "alpha", Pem.readCertificates(home.resolve("fullchain.pem")).getFirst());
    TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static BufferedReader reader(Socket socket) throws java.io.IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static void send(OutputStream out, String line) throws java.io.IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
