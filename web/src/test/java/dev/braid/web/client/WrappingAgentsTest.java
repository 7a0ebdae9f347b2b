package dev.braid.web.client;

import static dev.braid.web.client.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.web.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** RedirectAgent and ContentDecoderAgent over the pooling agent and scripted responders. */
@BraidTest
class WrappingAgentsTest {
  private static String redirect(int status, String location) {
    return "HTTP/1.1 "
        + status
        + " Moved\r\nLocation: "
        + location
        + "\r\nContent-Length: 5\r\n\r\nmoved";
  }

  @Test
  void redirectsAreFollowedToTheFinalResponse(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(),
            e ->
                switch (e.head().target()) {
                  case "/a" -> redirect(301, "/b");
                  case "/b" -> redirect(302, "c?x=1");
                  case "/c?x=1" -> redirect(307, "/final");
                  default -> ok("arrived at " + e.head().target());
                });
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    Agent agent = new RedirectAgent(pool, 5);
    Response response = t.await(agent.request("GET", server.uri("/a")));
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.uri()).isEqualTo(server.uri("/final"));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("arrived at /final");
    assertThat(server.connections).isEqualTo(1);
    t.await(pool.close());
    server.stop(t);
  }

  @Test
  void seeOtherTurnsAPostIntoAGetWithoutBody(ReactorTester t) throws Exception {
    var server =
        ScriptedServer.start(
            t.reactor(),
            e -> e.head().method().equals("POST") ? redirect(303, "/result") : ok("done"));
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    Response response =
        t.await(
            new RedirectAgent(pool, 5)
                .request(
                    "POST",
                    server.uri("/form"),
                    HttpHeaders.of("Content-Type", "text/plain"),
                    Optional.of(BodyProducer.of(ByteString.utf8("data")))));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("done");
    var second = server.exchanges.get(1);
    assertThat(second.head().method()).isEqualTo("GET");
    assertThat(second.body().isEmpty()).isTrue();
    assertThat(second.head().headers().contains("Content-Type")).isFalse();
    t.await(pool.close());
    server.stop(t);
  }

  @Test
  void credentialsAndCookiesAreDroppedOnACrossOriginRedirectOnly(ReactorTester t) throws Exception {
    var other = ScriptedServer.start(t.reactor(), e -> ok("other"));
    var first =
        ScriptedServer.start(
            t.reactor(),
            e ->
                e.head().target().equals("/same")
                    ? redirect(302, "/away")
                    : redirect(302, other.uri("/x").toString()));
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    HttpHeaders secret =
        HttpHeaders.of("Authorization", "Basic abc", "Cookie", "s=1", "X-Keep", "k");
    Response response =
        t.await(
            new RedirectAgent(pool, 5)
                .request("GET", first.uri("/same"), secret, Optional.empty()));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("other");
    var sameOrigin = first.exchanges.get(1).head().headers();
    assertThat(sameOrigin.get("Authorization")).contains("Basic abc");
    assertThat(sameOrigin.get("Cookie")).contains("s=1");
    var crossOrigin = other.exchanges.getFirst().head().headers();
    assertThat(crossOrigin.contains("Authorization")).isFalse();
    assertThat(crossOrigin.contains("Cookie")).isFalse();
    assertThat(crossOrigin.get("X-Keep")).contains("k");
    assertThat(crossOrigin.get("Host")).contains("127.0.0.1:" + other.port());
    t.await(pool.close());
    first.stop(t);
    other.stop(t);
  }

  @Test
  void aRedirectLoopFailsAfterTheMaximum(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> redirect(302, "/loop"));
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    assertThat(t.awaitFailure(new RedirectAgent(pool, 3).request("GET", server.uri("/loop"))))
        .isInstanceOf(TooManyRedirectsException.class);
    assertThat(server.exchanges).hasSize(4);
    t.await(pool.close());
    server.stop(t);
  }

  @Test
  void theDefaultLimitFollowsTwentyRedirectsThenFails(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> redirect(302, "/loop"));
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    assertThat(t.awaitFailure(new RedirectAgent(pool).request("GET", server.uri("/loop"))))
        .isInstanceOf(TooManyRedirectsException.class);
    assertThat(server.exchanges).hasSize(RedirectAgent.DEFAULT_MAX_REDIRECTS + 1);
    t.await(pool.close());
    server.stop(t);
  }

  private static String gzipResponse(byte[] plain) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(plain);
    }
    byte[] body = out.toByteArray();
    return "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
        + body.length
        + "\r\n\r\n"
        + new String(body, StandardCharsets.ISO_8859_1);
  }

  @Test
  void gzipBodiesAreDecodedAndTheHeadersFixed(ReactorTester t) throws Exception {
    byte[] plain = "hello gzip world ".repeat(500).getBytes(StandardCharsets.US_ASCII);
    String answer = gzipResponse(plain);
    var server = ScriptedServer.start(t.reactor(), e -> answer);
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    Response response = t.await(new ContentDecoderAgent(pool).request("GET", server.uri("/")));
    assertThat(response.headers().contains("Content-Encoding")).isFalse();
    assertThat(t.await(response.readBody(1 << 20))).isEqualTo(ByteString.of(plain));
    assertThat(server.exchanges.getFirst().head().headers().get("Accept-Encoding"))
        .contains("gzip");
    t.await(pool.close());
    server.stop(t);
  }

  @Test
  void aDecompressionBombFailsWithAClearError(ReactorTester t) throws Exception {
    String answer = gzipResponse(new byte[8 << 20]);
    var server = ScriptedServer.start(t.reactor(), e -> answer);
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    Response response =
        t.await(new ContentDecoderAgent(pool, 1 << 20).request("GET", server.uri("/")));
    Throwable error = t.awaitFailure(response.readBody(16 << 20));
    assertThat(error)
        .isInstanceOf(DecompressionLimitException.class)
        .hasMessageContaining("exceeds");
    t.await(pool.close());
    server.stop(t);
  }

  @Test
  void identityBodiesPassThroughTheDecoder(ReactorTester t) throws Exception {
    var server = ScriptedServer.start(t.reactor(), e -> ok("plain"));
    PoolingAgent pool = Agent.builder(t.reactor()).build();
    Response response = t.await(new ContentDecoderAgent(pool, 10).request("GET", server.uri("/")));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("plain");
    t.await(pool.close());
    server.stop(t);
  }
}
