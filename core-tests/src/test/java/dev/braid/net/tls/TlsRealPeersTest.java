package dev.braid.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.policies.ThrottlingFactory;
import dev.braid.net.policies.TimeoutFactory;
import dev.braid.net.policies.TrafficLoggingFactory;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Braid's TLS against real peers on 127.0.0.1: {@code openssl s_client}, {@code openssl s_server}
 * and {@code curl}, run as subprocesses whose output is read line by line.
 */
@BraidTest
class TlsRealPeersTest {
  @TempDir static Path dir;
  static Path certificates;
  static Path alpha;
  static Path beta;
  static Path wrong;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = dir.resolve("live");
    alpha = Certs.selfSigned(certificates, "alpha.test");
    beta = Certs.selfSignedRsa(certificates, "beta.test");
    wrong = Certs.selfSignedRsa(dir, "wrong.test");
  }

  private static RealPeer run(Reactor reactor, String... command) throws IOException {
    return RealPeer.start(reactor, command);
  }

  /**
   * {@code openssl s_server} on 127.0.0.1:{@code port} for one connection, with the certificate in
   * {@code home} and {@code options}.
   */
  private static RealPeer opensslServer(Reactor reactor, int port, Path home, String... options)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-naccept", "1"));
    command.addAll(List.of(options));
    command.addAll(
        List.of(
            "-cert",
            home.resolve("fullchain.pem").toString(),
            "-key",
            home.resolve("privkey.pem").toString()));
    return run(reactor, command.toArray(String[]::new));
  }

  private static int port(ListeningPort listening) {
    return ((InetSocketAddress) listening.address()).getPort();
  }

  @Test
  void opensslClientGetsTheCertificateItsSniNamesTheAlpnProtocolAndAnEcho(ReactorTester t)
      throws Exception {
    Reactor reactor = t.reactor();
    List<EchoProbe> served = new ArrayList<>();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(
                    reactor,
                    "tls:0:certificates=" + certificates + ":interface=127.0.0.1:alpn=h2,http/1.1")
                .listen(
                    peer -> {
                      EchoProbe probe = new EchoProbe();
                      served.add(probe);
                      return probe;
                    }));
    RealPeer client =
        run(
            reactor,
            "openssl",
            "s_client",
            "-connect",
            "127.0.0.1:" + port(listening),
            "-servername",
            "beta.test",
            "-alpn",
            "http/1.1",
            "-CAfile",
            beta.resolve("fullchain.pem").toString(),
            "-verify_return_error");
    assertThat(t.await(client.lineContaining("subject="))).contains("CN = beta.test");
    assertThat(t.await(client.lineContaining("ALPN protocol"))).contains("http/1.1");
    assertThat(t.await(client.lineContaining("Verify return code"))).contains("0 (ok)");
    client.send("hello-braid\n");
    t.await(client.lineContaining("hello-braid"));
    client.closeStdin();
    assertThat(t.await(client.exited())).isZero();
    t.await(served.getFirst().lost);
    t.await(listening.stopListening());
  }

  @Test
  void curlFetchesAPageOverTlsAndEachNameGetsItsOwnCertificate(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    byte[] response =
        ("HTTP/1.1 200 OK\r\nContent-Length: 12\r\nContent-Type: text/plain\r\n"
                + "Connection: close\r\n\r\nhello, curl\n")
            .getBytes(StandardCharsets.US_ASCII);
    List<Deferred<Throwable>> ends = new ArrayList<>();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(
                    reactor, "tls:0:certificates=" + certificates + ":interface=127.0.0.1")
                .listen(
                    peer ->
                        new Protocol() {
                          final Deferred<Throwable> lost = new Deferred<>();
                          Transport transport;

                          {
                            ends.add(lost);
                          }

                          @Override
                          public void connectionMade(Transport transport) {
                            this.transport = transport;
                          }

                          @Override
                          public void dataReceived(ByteBuffer data) {
                            if (!transport.disconnecting()) {
                              transport.write(response.clone());
                              transport.loseConnection();
                            }
                          }

                          @Override
                          public void connectionLost(Throwable reason) {
                            lost.callback(reason);
                          }
                        }));
    int port = port(listening);
    for (Path home : List.of(alpha, beta)) {
      String name = home.getFileName().toString();
      RealPeer curl =
          run(
              reactor,
              "curl",
              "-sS",
              "--http1.1",
              "--cacert",
              home.resolve("fullchain.pem").toString(),
              "--resolve",
              name + ":" + port + ":127.0.0.1",
              "https://" + name + ":" + port + "/");
      assertThat(t.await(curl.exited())).as(curl.output()).isZero();
      assertThat(curl.output()).isEqualTo("hello, curl");
    }
    for (Deferred<Throwable> end : ends) {
      t.await(end);
    }
    t.await(listening.stopListening());
  }

  @Test
  void aBraidClientTalksToOpensslServer(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    int port = RealPeer.freePort();
    RealPeer server = opensslServer(reactor, port, alpha, "-rev");
    t.await(server.lineContaining("ACCEPT"));
    ClientEndpoint endpoint =
        Endpoints.clientFromString(
            reactor, "tls:127.0.0.1:" + port + ":trustRoots=" + alpha.resolve("fullchain.pem"));
    Recorder client = t.await(endpoint.connectProtocol(new Recorder()));
    assertThat(client.tls().session().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
    client.transport.write("hello\n");
    assertThat(t.await(client.received(6)).utf8()).startsWith("olleh");
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(server.exited());
  }

  @Test
  void aBraidClientRefusesAServerWhoseCertificateIsForAnotherName(ReactorTester t)
      throws Exception {
    Reactor reactor = t.reactor();
    int port = RealPeer.freePort();
    RealPeer server = opensslServer(reactor, port, wrong);
    t.await(server.lineContaining("ACCEPT"));
    ClientEndpoint endpoint =
        Endpoints.clientFromString(
            reactor, "tls:127.0.0.1:" + port + ":trustRoots=" + wrong.resolve("fullchain.pem"));
    Throwable error = t.awaitFailure(endpoint.connectProtocol(new Recorder()));
    assertThat(error).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("127.0.0.1");
    t.await(server.exited());
  }

  /** {@code openssl s_client -starttls smtp} connected to {@code listening}, its chain verified. */
  private RealPeer opensslSmtpClient(ReactorTester t, ListeningPort listening) throws Exception {
    RealPeer client =
        run(
            t.reactor(),
            "openssl",
            "s_client",
            "-starttls",
            "smtp",
            "-connect",
            "127.0.0.1:" + port(listening),
            "-CAfile",
            alpha.resolve("fullchain.pem").toString(),
            "-verify_return_error",
            "-crlf");
    assertThat(t.await(client.lineContaining("Verify return code"))).contains("0 (ok)");
    return client;
  }

  @Test
  void startTlsInALineProtocolUpgradesForOpensslSmtpClient(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    TlsOptions options = TlsOptions.server(Certs.load(alpha)).build();
    List<StartTlsLineServer> served = new ArrayList<>();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    peer -> {
                      StartTlsLineServer s = new StartTlsLineServer(reactor, options);
                      served.add(s);
                      return s;
                    }));
    RealPeer client = opensslSmtpClient(t, listening);
    client.send("NOOP over tls\n");
    t.await(client.lineContaining("250 got NOOP over tls"));
    client.closeStdin();
    t.await(client.exited());
    StartTlsLineServer server = served.getFirst();
    t.await(server.lost);
    assertThat(server.lines).contains("STARTTLS", "NOOP over tls");
    t.await(listening.stopListening());
  }

  @Test
  void startTlsWorksThroughAStackOfPolicyLayers(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    TlsOptions options = TlsOptions.server(Certs.load(alpha)).build();
    List<StartTlsLineServer> served = new ArrayList<>();
    ProtocolFactory app =
        peer -> {
          StartTlsLineServer s = new StartTlsLineServer(reactor, options);
          served.add(s);
          return s;
        };
    ProtocolFactory stacked =
        TrafficLoggingFactory.builder(
                ThrottlingFactory.builder(
                        TimeoutFactory.builder(app, reactor)
                            .idleTimeout(Duration.ofMinutes(1))
                            .build(),
                        reactor)
                    .writeLimitPerConnection(1 << 20)
                    .readLimitPerConnection(1 << 20)
                    .build())
            .build();
    ListeningPort listening =
        t.await(Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1").listen(stacked));
    RealPeer client = opensslSmtpClient(t, listening);
    client.send("NOOP through the layers\n");
    t.await(client.lineContaining("250 got NOOP through the layers"));
    client.closeStdin();
    t.await(client.exited());
    t.await(served.getFirst().lost);
    t.await(listening.stopListening());
  }

  @Test
  void plaintextSentRightAfterStartTlsIsDiscardedNotProcessed(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    TlsOptions options = TlsOptions.server(Certs.load(alpha)).build();
    List<StartTlsLineServer> served = new ArrayList<>();
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    peer -> {
                      StartTlsLineServer s = new StartTlsLineServer(reactor, options);
                      served.add(s);
                      return s;
                    }));
    Recorder attacker =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(listening))
                .connectProtocol(new Recorder()));
    attacker.transport.write("STARTTLS\r\nEHLO injected\r\n");
    ByteString replies =
        t.await(attacker.received("220 braid ESMTP test\r\n220 go ahead\r\n".length()));
    assertThat(replies.utf8()).endsWith("220 go ahead\r\n");
    attacker.transport.abortConnection();
    t.await(attacker.lost);
    t.await(served.getFirst().lost);
    assertThat(served.getFirst().lines).containsExactly("STARTTLS");
    t.await(listening.stopListening());
  }

  @Test
  void aLargeTransferThroughTlsArrivesWholeAndPausesTheRegisteredProducer(ReactorTester t)
      throws Exception {
    Reactor reactor = t.reactor();
    Path dev = dir.resolve("dev");
    DevCertificates.localhost(dev);
    ListeningPort listening =
        t.await(
            Endpoints.serverFromString(
                    reactor,
                    "ssl:0:certKey=" + dev.resolve("localhost.pem") + ":interface=127.0.0.1")
                .listen(Echo.factory()));
    Recorder client =
        t.await(
            Endpoints.clientFromString(
                    reactor,
                    "tls:127.0.0.1:"
                        + port(listening)
                        + ":trustRoots="
                        + dev.resolve("localhost-cert.pem"))
                .connectProtocol(new Recorder()));
    int[] pauses = new int[2];
    client.transport.registerProducer(
        new PushProducer() {
          @Override
          public void pauseProducing() {
            pauses[0]++;
          }

          @Override
          public void resumeProducing() {
            pauses[1]++;
          }

          @Override
          public void stopProducing() {}
        });
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(11).nextBytes(payload);
    client.transport.write(payload.clone());
    assertThat(client.transport.bufferedBytes()).isGreaterThan(64 * 1024);
    assertThat(t.await(client.received(payload.length))).isEqualTo(ByteString.of(payload));
    assertThat(pauses[0]).isPositive();
    assertThat(pauses[1]).isPositive();
    client.transport.unregisterProducer();
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(listening.stopListening());
  }
}
