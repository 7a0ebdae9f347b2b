package dev.braid.amp;

import static dev.braid.amp.InteropCommands.SUM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.amp.InteropCommands.Sum;
import dev.braid.amp.InteropCommands.Total;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.TlsOptions;
import dev.braid.net.tls.TlsTransport;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Braid to Braid StartTLS over real 127.0.0.1 sockets. */
@BraidTest
class AmpStartTlsTest {
  private final List<Amp> servers = new ArrayList<>();

  private ListeningPort listen(Reactor reactor, Function<Amp, Amp> responders) throws IOException {
    return reactor.listenTcp(
        0,
        peer -> {
          Amp amp = responders.apply(new Amp().respondNow(SUM, a -> new Total(a.a() + a.b())));
          servers.add(amp);
          return amp;
        },
        TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  private static Amp connect(ReactorTester tester, ListeningPort port) {
    int number = ((InetSocketAddress) port.address()).getPort();
    return tester.await(
        Endpoints.clientFromString(tester.reactor(), "tcp:127.0.0.1:" + number)
            .connectProtocol(new Amp()));
  }

  private void close(ReactorTester tester, Amp client, ListeningPort port) {
    client.transport().orElseThrow().loseConnection();
    tester.await(client.whenLost());
    tester.await(servers.getFirst().whenLost());
    tester.await(port.stopListening());
  }

  @Test
  void callsAndRespondersWorkOverTlsAfterStartTlsBothWays(ReactorTester tester, @TempDir Path dir)
      throws Exception {
    Reactor reactor = tester.reactor();
    CertificateKey key = DevCertificates.localhost(dir);
    TlsOptions serverOptions = TlsOptions.server(key).build();
    TlsOptions clientOptions =
        TlsOptions.client().trustRoots(key.chain()).serverName("localhost").build();
    ListeningPort port = listen(reactor, amp -> amp.respondStartTls(reactor, serverOptions));
    Amp client = connect(tester, port);
    client.respondNow(SUM, a -> new Total(a.a() * a.b()));
    assertThat(tester.await(client.callRemote(SUM, new Sum(1, 2)))).isEqualTo(new Total(3));

    TlsTransport tls =
        tester.await(
            client
                .callStartTls(reactor, clientOptions)
                .addDeferredCallback(TlsTransport::whenHandshakeDone));

    assertThat(tls.handshakeDone()).isTrue();
    assertThat(tls.peerCertificates()).containsExactly(key.leaf());
    assertThat(client.transport()).containsSame(tls);
    assertThat(tester.await(client.callRemote(SUM, new Sum(40, 2)))).isEqualTo(new Total(42));
    Amp server = servers.getFirst();
    assertThat(server.transport().orElseThrow()).isInstanceOf(TlsTransport.class);
    assertThat(((TlsTransport) server.transport().orElseThrow()).handshakeDone()).isTrue();
    assertThat(tester.await(server.callRemote(SUM, new Sum(6, 7)))).isEqualTo(new Total(42));
    close(tester, client, port);
  }

  @Test
  void aSecondStartTlsAndCallsWhileStartTlsWaitsAreRefused(ReactorTester tester, @TempDir Path dir)
      throws Exception {
    Reactor reactor = tester.reactor();
    CertificateKey key = DevCertificates.localhost(dir);
    TlsOptions serverOptions = TlsOptions.server(key).build();
    TlsOptions clientOptions =
        TlsOptions.client().trustRoots(key.chain()).serverName("localhost").build();
    ListeningPort port = listen(reactor, amp -> amp.respondStartTls(reactor, serverOptions));
    Amp client = connect(tester, port);

    var started = client.callStartTls(reactor, clientOptions);
    Throwable during = tester.awaitFailure(client.callRemote(SUM, new Sum(1, 1)));
    Throwable twice = tester.awaitFailure(client.callStartTls(reactor, clientOptions));
    tester.await(started.addDeferredCallback(TlsTransport::whenHandshakeDone));
    Throwable after = tester.awaitFailure(client.callStartTls(reactor, clientOptions));

    assertThat(during).isInstanceOf(ProtocolSwitchedException.class);
    assertThat(twice).isInstanceOf(AmpTlsException.class).hasMessageContaining("waiting");
    assertThat(after).isInstanceOf(AmpTlsException.class).hasMessageContaining("already");
    assertThat(tester.await(client.callRemote(SUM, new Sum(2, 3)))).isEqualTo(new Total(5));
    close(tester, client, port);
  }

  @Test
  void aStartTlsThePeerDoesNotAnswerLeavesAmpInPlaintext(ReactorTester tester) throws IOException {
    Reactor reactor = tester.reactor();
    ListeningPort port = listen(reactor, amp -> amp);
    Amp client = connect(tester, port);

    Throwable refused =
        tester.awaitFailure(
            client.callStartTls(
                reactor, TlsOptions.client().insecureSkipHostnameVerification().build()));

    assertThat(refused).isInstanceOf(UnhandledCommandException.class);
    assertThat(client.transport().orElseThrow()).isNotInstanceOf(TlsTransport.class);
    assertThat(tester.await(client.callRemote(SUM, new Sum(2, 3)))).isEqualTo(new Total(5));
    close(tester, client, port);
  }

  /** A raw client: writes {@code request} at once, collects what comes back. */
  private static final class RawClient implements Protocol {
    final ByteBuffer request;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Deferred<byte[]> answered = new Deferred<>();
    final Deferred<Throwable> lost = new Deferred<>();
    final int expected;
    Transport transport;

    RawClient(ByteBuffer request, int expected) {
      this.request = request;
      this.expected = expected;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.write(request);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      while (data.hasRemaining()) {
        received.write(data.get());
      }
      if (received.size() >= expected && !answered.called()) {
        answered.callback(received.toByteArray());
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  @Test
  void plaintextSentRightAfterStartTlsIsNeverTakenForAmp(ReactorTester tester, @TempDir Path dir)
      throws Exception {
    Reactor reactor = tester.reactor();
    CertificateKey key = DevCertificates.localhost(dir);
    TlsOptions serverOptions = TlsOptions.server(key).build();
    int[] sums = {0};
    ListeningPort port =
        reactor.listenTcp(
            0,
            peer -> {
              Amp amp =
                  new Amp()
                      .respondNow(
                          SUM,
                          a -> {
                            sums[0]++;
                            return new Total(a.a() + a.b());
                          })
                      .respondStartTls(reactor, serverOptions);
              servers.add(amp);
              return amp;
            },
            TcpListenOptions.defaults().withInterface("127.0.0.1"));
    AmpBox startTls = AmpBox.builder().put(Amp.COMMAND, "StartTLS").put(Amp.ASK, "1").build();
    AmpBox injected =
        AmpBox.builder()
            .put(Amp.COMMAND, "Sum")
            .put(Amp.ASK, "2")
            .put("a", "1")
            .put("b", "2")
            .build();
    AmpBox answer = AmpBox.builder().put(Amp.ANSWER, "1").build();
    ByteBuffer request = ByteBuffer.allocate(startTls.encodedSize() + injected.encodedSize());
    startTls.encodeTo(request);
    injected.encodeTo(request);
    RawClient raw = new RawClient(request.flip(), answer.encodedSize());
    int number = ((InetSocketAddress) port.address()).getPort();
    tester.await(
        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + number).connectProtocol(raw));

    byte[] received = tester.await(raw.answered);
    raw.transport.loseConnection();
    tester.await(raw.lost);
    tester.await(servers.getFirst().whenLost());
    tester.await(port.stopListening());

    assertThat(ByteBuffer.wrap(received)).isEqualTo(answer.encode());
    assertThat(sums[0]).isZero();
  }
}
