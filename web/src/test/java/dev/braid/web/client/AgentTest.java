package dev.braid.web.client;

import static dev.braid.web.client.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.DeferredAssertions;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import dev.braid.web.http.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The pooling agent against a scripted responder on real TCP. */
@BraidTest
class AgentTest {
  private static ByteString get(ReactorTester t, Agent agent, URI uri) {
    Response response = t.await(agent.request("GET", uri));
    return t.await(response.readBody(1 << 20));
  }

  @Test
  void getReturnsStatusHeadersAndBody(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(),
            e -> "HTTP/1.1 201 Created\r\nX-Thing: yes\r\nContent-Length: 2\r\n\r\nhi");
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response response = t.await(agent.request("GET", server.uri("/path?q=1")));
    assertThat(response.status()).isEqualTo(201);
    assertThat(response.reason()).isEqualTo("Created");
    assertThat(response.headers().get("x-thing")).contains("yes");
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("hi");
    var request = server.exchanges.getFirst().head();
    assertThat(request.target()).isEqualTo("/path?q=1");
    assertThat(request.headers().get("Host")).contains("127.0.0.1:" + server.port());
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void sequentialRequestsReuseOnePersistentConnection(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("n" + e.head().target()));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    for (int i = 0; i < 3; i++) {
      assertThat(get(t, agent, server.uri("/" + i)).utf8()).isEqualTo("n/" + i);
    }
    assertThat(server.connections).isEqualTo(1);
    assertThat(agent.openConnections(server.uri("/"))).isEqualTo(1);
    t.await(agent.close());
    assertThat(agent.openConnections(server.uri("/"))).isZero();
    server.stop(t);
  }

  @Test
  void concurrentRequestsWaitForTheOriginLimit(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok(e.head().target()));
    PoolingAgent agent = Agent.builder(t.reactor()).maxPerOrigin(1).build();
    List<Deferred<ByteString>> bodies =
        List.of("/a", "/b", "/c").stream()
            .map(p -> agent.request("GET", server.uri(p)).addDeferredCallback(r -> r.readBody(100)))
            .toList();
    List<ByteString> results = t.await(Deferred.gather(bodies));
    assertThat(results).extracting(ByteString::utf8).containsExactly("/a", "/b", "/c");
    assertThat(server.connections).isEqualTo(1);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void connectionCloseFromTheServerIsNotReused(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(), e -> "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx");
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    get(t, agent, server.uri("/1"));
    get(t, agent, server.uri("/2"));
    assertThat(server.connections).isEqualTo(2);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void bodyUntilCloseAndChunkedBodiesAreRead(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(),
            e ->
                e.head().target().equals("/chunked")
                    ? "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                    : "HTTP/1.0 200 OK\r\n\r\nuntil close" + ScriptedServer.CLOSE);
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    assertThat(get(t, agent, server.uri("/chunked")).utf8()).isEqualTo("abcde");
    assertThat(get(t, agent, server.uri("/close")).utf8()).isEqualTo("until close");
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void requestBodiesAreSentWithLengthOrChunked(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("got " + e.body().utf8()));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response fixed =
        t.await(
            agent.request(
                "POST",
                server.uri("/fixed"),
                HttpHeaders.of("Content-Type", "text/plain"),
                Optional.of(BodyProducer.of(ByteString.utf8("hello")))));
    assertThat(t.await(fixed.readBody(100)).utf8()).isEqualTo("got hello");
    BodyProducer streamed =
        new BodyProducer() {
          @Override
          public OptionalLong length() {
            return OptionalLong.empty();
          }

          @Override
          public Deferred<Void> startProducing(Consumer<ByteString> consumer) {
            consumer.accept(ByteString.utf8("one "));
            consumer.accept(ByteString.utf8("two"));
            return Deferred.succeed(null);
          }
        };
    Response chunked =
        t.await(
            agent.request(
                "PUT", server.uri("/chunked"), HttpHeaders.empty(), Optional.of(streamed)));
    assertThat(t.await(chunked.readBody(100)).utf8()).isEqualTo("got one two");
    assertThat(server.exchanges.get(0).head().headers().get("Content-Length")).contains("5");
    assertThat(server.exchanges.get(1).head().headers().get("Transfer-Encoding"))
        .contains("chunked");
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void readBodyFailsWhenTheBodyExceedsItsLimit(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("x".repeat(1000)));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response response = t.await(agent.request("GET", server.uri("/")));
    assertThat(t.awaitFailure(response.readBody(999))).isInstanceOf(BodyTooLargeException.class);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void noResponseWithinTheTimeoutFailsTheRequest(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> "");
    FakeClock clock = new FakeClock();
    PoolingAgent agent =
        Agent.builder(t.reactor()).clock(clock).responseTimeout(Duration.ofSeconds(5)).build();
    Deferred<Response> response = agent.request("GET", server.uri("/slow"));
    t.await(Deferred.succeed(null));
    while (server.exchanges.isEmpty()) {
      t.await(nextTurn(t));
    }
    clock.advance(Duration.ofSeconds(4));
    DeferredAssertions.assertNoResult(response);
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.awaitFailure(response)).isInstanceOf(ResponseTimeoutException.class);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void idleConnectionsCloseAfterTheIdleTimeout(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("x"));
    FakeClock clock = new FakeClock();
    PoolingAgent agent =
        Agent.builder(t.reactor()).clock(clock).idleTimeout(Duration.ofSeconds(60)).build();
    get(t, agent, server.uri("/"));
    clock.advance(Duration.ofSeconds(59));
    assertThat(agent.openConnections(server.uri("/"))).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    t.await(agent.close());
    assertThat(t.await(server.lost.getFirst())).isNull();
    server.stop(t);
  }

  @Test
  void staleKeepAliveConnectionIsRetriedOnceForAGet(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("fresh"));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    get(t, agent, server.uri("/"));
    // the server drops the idle connection, as servers do; the agent has not noticed yet
    server.transports.getFirst().loseConnection();
    t.await(server.lost.getFirst());
    assertThat(get(t, agent, server.uri("/")).utf8()).isEqualTo("fresh");
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void refusedConnectionFailsTheRequest(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> "");
    URI uri = server.uri("/");
    server.stop(t);
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    assertThat(t.awaitFailure(agent.request("GET", uri))).isInstanceOf(java.io.IOException.class);
    t.await(agent.close());
  }

  @Test
  void malformedResponseFailsWithResponseFailed(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> "HTTP/1.1 200 OK\nbroken\r\n\r\n");
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    assertThat(t.awaitFailure(agent.request("GET", server.uri("/"))))
        .isInstanceOf(ResponseFailedException.class);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void cancellingAPendingRequestClosesItsConnectionAndTheNextOneWorks(ReactorTester t)
      throws Exception {
    var server =
        ScriptedServer.start(t.reactor(), e -> e.head().target().equals("/never") ? "" : ok("ok"));
    PoolingAgent agent = Agent.builder(t.reactor()).maxPerOrigin(1).build();
    Deferred<Response> stuck = agent.request("GET", server.uri("/never"));
    while (server.exchanges.isEmpty()) {
      t.await(nextTurn(t));
    }
    stuck.cancel();
    assertThat(t.awaitFailure(stuck))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
    assertThat(get(t, agent, server.uri("/next")).utf8()).isEqualTo("ok");
    assertThat(server.connections).isEqualTo(2);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void aStreamedBodyArrivesWholeAcrossPauseAndResume(ReactorTester t) throws Exception {
    String big = "0123456789".repeat(50_000);
    var server = ScriptedServer.start(t.reactor(), e -> ok(big));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response response = t.await(agent.request("GET", server.uri("/big")));
    StringBuilder received = new StringBuilder();
    Deferred<HttpHeaders> ended = new Deferred<>();
    response.deliverBody(
        new BodyConsumer() {
          @Override
          public void dataReceived(ByteString data) {
            received.append(data.utf8());
            response.pauseBody();
            t.reactor().callLater(Duration.ZERO, response::resumeBody);
          }

          @Override
          public void bodyEnded(HttpHeaders trailers) {
            ended.callback(trailers);
          }

          @Override
          public void bodyFailed(Throwable reason) {
            ended.errback(reason);
          }
        });
    assertThat(t.await(ended).isEmpty()).isTrue();
    assertThat(received.toString()).isEqualTo(big);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void interimResponsesAreSkippedAndTheFinalOneReturned(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(),
            e ->
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                    + ok("final"));
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Response response = t.await(agent.request("GET", server.uri("/")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("final");
    t.await(agent.close());
    server.stop(t);
  }

  /** A Deferred fired on the reactor's next turn, to let I/O happen. */
  private static Deferred<Void> nextTurn(ReactorTester t) {
    Deferred<Void> d = new Deferred<>();
    t.reactor().callLater(Duration.ofMillis(1), () -> d.callback(null));
    return d;
  }
}
