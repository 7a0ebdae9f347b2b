package dev.braid.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.StringTransport;
import dev.braid.web.ErrorResource;
import dev.braid.web.Mounts;
import dev.braid.web.Site;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyProducer;
import dev.braid.web.client.Response;
import dev.braid.web.http.HttpHeaders;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The proxy on a {@link StringTransport} and a {@link FakeClock}, with a recording {@link Agent} in
 * place of the upstream: what is sent upstream, 502 and 504, without sockets.
 */
@BraidTest
class ReverseProxyInMemoryTest {
  /** Records the last request and answers with {@link #answer}. */
  static final class RecordingAgent implements Agent {
    String method;
    URI uri;
    HttpHeaders headers;
    Optional<BodyProducer> body;
    Deferred<Response> answer = new Deferred<>();

    @Override
    public Deferred<Response> request(
        String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body) {
      this.method = method;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
      return answer;
    }
  }

  private final FakeClock clock = new FakeClock();
  private final RecordingAgent agent = new RecordingAgent();
  private final StringTransport transport = new StringTransport();

  private void serve(Reactor reactor, boolean preserveHost) {
    ReverseProxyResource proxy =
        ReverseProxyResource.builder(reactor, URI.create("http://upstream.test:8000/base/"))
            .agent(agent)
            .clock(clock)
            .preserveHost(preserveHost)
            .build();
    Site site =
        Site.create(
            clock, Mounts.over(ErrorResource.of(404, "No such resource.")).mount("/p", proxy));
    transport.makeConnection(site.buildProtocol(transport.peerAddress()));
  }

  @Test
  void theUpstreamRequestHasTheJoinedPathTheQueryAndNoHopByHopHeaders(ReactorTester t) {
    serve(t.reactor(), false);
    transport.receive(
        "GET /p/a%2Fb/c?x=1&y=%20 HTTP/1.1\r\nHost: front.test\r\nConnection: keep-alive, X-Hop\r\n"
            + "X-Hop: 1\r\nKeep-Alive: timeout=3\r\nTE: trailers\r\nUpgrade: h2c\r\n"
            + "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic eA==\r\n"
            + "Trailer: X-T\r\nX-Forwarded-For: 192.0.2.1\r\nX-Forwarded-Proto: https\r\n"
            + "Expect: 100-continue\r\nAccept: text/plain\r\n\r\n");
    assertThat(agent.method).isEqualTo("GET");
    assertThat(agent.uri).hasToString("http://upstream.test:8000/base/a%2Fb/c?x=1&y=%20");
    for (String hop :
        new String[] {
          "Connection",
          "X-Hop",
          "Keep-Alive",
          "TE",
          "Upgrade",
          "Proxy-Connection",
          "Proxy-Authorization",
          "Trailer",
          "Expect",
          "Host"
        }) {
      assertThat(agent.headers.contains(hop)).as(hop).isFalse();
    }
    assertThat(agent.headers.get("Accept")).contains("text/plain");
    assertThat(agent.headers.getAll("X-Forwarded-For")).hasSize(1);
    assertThat(agent.headers.get("X-Forwarded-For").orElseThrow()).startsWith("192.0.2.1, ");
    assertThat(agent.headers.get("X-Forwarded-Proto")).contains("http");
    assertThat(agent.headers.get("X-Forwarded-Host")).contains("front.test");
    assertThat(agent.body).isEmpty();
    agent.answer.errback(new IOException("gone"));
  }

  @Test
  void preservedHostIsSentUpstreamAndABodyIsStreamedWithItsLength(ReactorTester t) {
    serve(t.reactor(), true);
    transport.receive("POST /p HTTP/1.1\r\nHost: front.test\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(agent.uri).hasToString("http://upstream.test:8000/base");
    assertThat(agent.headers.get("Host")).contains("front.test");
    assertThat(agent.body).isPresent();
    assertThat(agent.body.get().length().getAsLong()).isEqualTo(3);
    agent.answer.errback(new IOException("gone"));
  }

  @Test
  void aFailedUpstreamRequestIs502AndATimeoutIs504(ReactorTester t) {
    serve(t.reactor(), false);
    transport.receive("GET /p/%3Cscript%3E HTTP/1.1\r\nHost: front.test\r\n\r\n");
    agent.answer.errback(new IOException("connection refused by 10.9.8.7:8000"));
    String first = transport.writtenUtf8();
    assertThat(first).startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("&lt;script&gt;");
    assertThat(first).doesNotContain("<script>");
    // The page names the path, not the upstream or what went wrong there (that is logged).
    assertThat(first)
        .doesNotContain("10.9.8.7")
        .doesNotContain("upstream.test")
        .doesNotContain("refused");
    transport.clear();

    agent.answer = new Deferred<>();
    transport.receive("GET /p/y HTTP/1.1\r\nHost: front.test\r\n\r\n");
    clock.advance(Duration.ofSeconds(29));
    assertThat(transport.writtenUtf8()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.writtenUtf8()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
    transport.reportDisconnect();
  }

  @Test
  void theResponseTimeoutStartsOnlyOnceTheRequestBodyWasSent(ReactorTester t) {
    serve(t.reactor(), false);
    transport.receive("PUT /p/up HTTP/1.1\r\nHost: front.test\r\nContent-Length: 3\r\n\r\nab");
    StringBuilder upstream = new StringBuilder();
    Deferred<Void> written =
        agent.body.orElseThrow().startProducing(b -> upstream.append(b.utf8()));
    assertThat(upstream.toString()).isEqualTo("ab");
    clock.advance(Duration.ofSeconds(9)); // (the site's minimum body rate allows 10 s)
    assertThat(transport.writtenUtf8()).isEmpty();
    transport.receive("c");
    assertThat(upstream.toString()).isEqualTo("abc");
    assertThat(written.called()).isTrue();
    clock.advance(Duration.ofSeconds(29)); // 38 s after the request started
    assertThat(transport.writtenUtf8()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.writtenUtf8()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
    transport.reportDisconnect();
  }
}
