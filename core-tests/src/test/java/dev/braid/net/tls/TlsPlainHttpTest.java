package dev.braid.net.tls;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.ConnectionLost;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.internal.TlsConnection;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plain HTTP request sent to a TLS port: closed without a word by default, answered with a 400
 * that says to use https under {@link TlsOptions.PlainHttp#ANSWER_400} (HTTPS ports).
 */
@BraidTest
class TlsPlainHttpTest {
  @TempDir static Path dir;
  static CertificateKey key;

  @BeforeAll
  static void certificate() throws Exception {
    key = Certs.load(Certs.selfSigned(dir, "alpha.test"));
  }

  private final FakeClock clock = new FakeClock();

  private TlsConnection server(TlsOptions.PlainHttp plainHttp, Recorder app) {
    TlsOptions options = TlsOptions.server(key).plainHttp(plainHttp).build();
    return TlsConnection.create(
        clock,
        options.newEngine(Optional.empty(), -1),
        app,
        options.handshakeTimeout(),
        options.plainHttp());
  }

  @Test
  void aPlainHttpRequestGetsA400SayingToUseHttpsHoweverItArrives() {
    ProtocolFeeder.standard()
        .feedAllWays(
            () -> server(TlsOptions.PlainHttp.ANSWER_400, new Recorder()),
            "GET /index.html HTTP/1.1\r\nHost: localhost:8443\r\n\r\n",
            (tls, transport) -> {
              assertThat(transport.writtenUtf8())
                  .startsWith("HTTP/1.1 400 Bad Request\r\n")
                  .contains("Connection: close\r\n")
                  .endsWith(
                      "this port speaks HTTPS, and a plain HTTP request was sent to it."
                          + " Use https:// in the URL.\n");
              assertThat(transport.disconnecting()).isTrue();
              assertThat(transport.aborted()).as("the answer is flushed, not dropped").isFalse();
              assertThat(failureResultOf(tls.whenHandshakeDone(), ConnectionLost.class))
                  .hasMessageContaining("plain HTTP request");
            });
  }

  @Test
  void anHttp10RequestLineWithABareLfIsAnsweredToo() {
    StringTransport transport = new StringTransport();
    Recorder app = new Recorder();
    transport.makeConnection(server(TlsOptions.PlainHttp.ANSWER_400, app));
    transport.receive("HEAD / HTTP/1.0\n");
    assertThat(transport.writtenUtf8()).startsWith("HTTP/1.1 400 ");
    assertNoResult(app.made);
  }

  @Test
  void anUnfinishedRequestLineWaitsWithinTheHandshakeTimeout() {
    StringTransport transport = new StringTransport();
    TlsConnection tls = server(TlsOptions.PlainHttp.ANSWER_400, new Recorder());
    transport.makeConnection(tls);
    transport.receive("GET /slow");
    assertThat(transport.disconnecting()).isFalse();
    clock.advance(TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT);
    assertThat(transport.aborted()).isTrue();
    assertThat(transport.written().size()).isZero();
  }

  @Test
  void whatIsNotAnHttpRequestLineIsClosedWithoutAWord() {
    for (String input :
        new String[] {
          "get / HTTP/1.1\r\n", // not a method
          "GET / SMTP/1.1\r\n", // not HTTP
          "GET / HTTP/2.0\r\n",
          "GET  / HTTP/1.1\r\n", // an empty target
          "GET / HTTP/1.1 x\r\n",
          "EHLO mail.example\r\n",
          "\u0000\u0001\u0002",
          "GET /" + "a".repeat(9000), // a request line over 8 KiB is not waited for
          "VERYVERYVERYVERYLONGMETHOD / HTTP/1.1\r\n"
        }) {
      StringTransport transport = new StringTransport();
      transport.makeConnection(server(TlsOptions.PlainHttp.ANSWER_400, new Recorder()));
      transport.receive(input);
      assertThat(transport.aborted()).as(input).isTrue();
      assertThat(transport.written().size()).as(input).isZero();
    }
  }

  @Test
  void byDefaultAPlainHttpRequestIsClosedWithoutAWord() {
    assertThat(TlsOptions.server(key).build().plainHttp()).isEqualTo(TlsOptions.PlainHttp.CLOSE);
    StringTransport transport = new StringTransport();
    transport.makeConnection(server(TlsOptions.PlainHttp.CLOSE, new Recorder()));
    transport.receive("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(transport.aborted()).isTrue();
    assertThat(transport.written().size()).isZero();
  }

  @Test
  void theEndpointParameterSetsItAndRefusesOtherValues() throws Exception {
    DevCertificates.localhost(dir);
    Path pem = dir.resolve("localhost.pem");
    MemoryReactor reactor = new MemoryReactor();
    Endpoints.serverFromString(reactor, "ssl:0:certKey=" + pem + ":plainHttp=400");
    Endpoints.serverFromString(reactor, "ssl:0:certKey=" + pem + ":plainHttp=close");
    assertThatThrownBy(
            () -> Endpoints.serverFromString(reactor, "ssl:0:certKey=" + pem + ":plainHttp=yes"))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessageContaining("plainHttp must be close or 400, got yes");
    assertThatThrownBy(() -> TlsOptions.client().plainHttp(TlsOptions.PlainHttp.ANSWER_400))
        .isInstanceOf(IllegalStateException.class);
  }
}
