package dev.braid.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.web.MethodResource;
import dev.braid.web.Request;
import dev.braid.web.Resource;
import dev.braid.web.Site;
import dev.braid.web.WebTests;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyConsumer;
import dev.braid.web.client.BodyProducer;
import dev.braid.web.client.PoolingAgent;
import dev.braid.web.client.Response;
import dev.braid.web.http.HttpHeaders;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy over real sockets: client -> Braid site with the proxy -> an upstream. */
@BraidTest(timeoutSeconds = 120)
class ReverseProxyTest {
  @TempDir Path tmp;
  private final List<ListeningPort> ports = new ArrayList<>();
  private final List<PoolingAgent> agents = new ArrayList<>();
  private final List<ReverseProxyResource> proxies = new ArrayList<>();

  private void cleanUp(ReactorTester t) {
    for (PoolingAgent a : agents) {
      t.await(a.close());
    }
    for (ReverseProxyResource p : proxies) {
      t.await(p.close());
    }
    for (ListeningPort p : ports) {
      t.await(p.stopListening());
    }
  }

  private int listen(ReactorTester t, dev.braid.net.ProtocolFactory factory) {
    ListeningPort p =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1").listen(factory));
    ports.add(p);
    return ((InetSocketAddress) p.address()).getPort();
  }

  private PoolingAgent agent(ReactorTester t) {
    PoolingAgent a = Agent.builder(t.reactor()).build();
    agents.add(a);
    return a;
  }

  /** A site with the proxy at /api in front of {@code upstream}; answers the site's port. */
  private int proxySite(ReactorTester t, ReverseProxyResource.Builder builder) {
    ReverseProxyResource proxy = builder.build();
    proxies.add(proxy);
    MethodResource root =
        new MethodResource() {
          @Override
          protected Deferred<Void> get(Request request) {
            return request.respond(200, "text/plain", ByteString.utf8("front"));
          }
        };
    root.putChild("api", proxy);
    return listen(t, Site.create(t.reactor(), root));
  }

  /** An upstream that echoes what it got: method, path, query, headers and the body's length. */
  static final class EchoUpstream implements Resource {
    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      request.allowBody(1L << 30);
      return request
          .body()
          .addDeferredCallback(
              body -> {
                StringBuilder b = new StringBuilder();
                b.append(request.method()).append(' ').append(request.target()).append('\n');
                request
                    .headers()
                    .forEach(
                        (n, v) -> b.append(n.toLowerCase()).append(": ").append(v).append('\n'));
                b.append("body ").append(body.size()).append(' ').append(body.utf8().hashCode());
                request.setHeader("X-Upstream", "yes");
                return request.respond(
                    200, "text/plain; charset=utf-8", ByteString.utf8(b.toString()));
              });
    }
  }

  @Test
  void requestsAreRewrittenOntoTheUpstreamPrefixWithForwardedHeadersAndNoHopByHop(ReactorTester t) {
    int upstream = listen(t, Site.create(t.reactor(), new EchoUpstream()));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(
                t.reactor(), URI.create("http://127.0.0.1:" + upstream + "/v1")));
    PoolingAgent client = agent(t);
    HttpHeaders headers =
        HttpHeaders.of(
            "Connection", "X-Private",
            "X-Private", "secret",
            "Keep-Alive", "timeout=1",
            "TE", "trailers",
            "Proxy-Authorization", "Basic Zm9vOmJhcg==",
            "X-Forwarded-For", "10.1.2.3",
            "X-Custom", "kept");
    Response r =
        t.await(
            client.request(
                "POST",
                URI.create("http://127.0.0.1:" + front + "/api/users/a%20b?id=3&x=%2F"),
                headers,
                Optional.of(BodyProducer.of(ByteString.utf8("hello")))));
    String body = t.await(r.readBody(1 << 20)).utf8();
    assertThat(body).startsWith("POST /v1/users/a%20b?id=3&x=%2F\n");
    assertThat(body)
        .contains("host: 127.0.0.1:" + upstream + "\n")
        .contains("x-custom: kept\n")
        .contains("x-forwarded-for: 10.1.2.3, 127.0.0.1\n")
        .contains("x-forwarded-proto: http\n")
        .contains("x-forwarded-host: 127.0.0.1:" + front + "\n")
        .contains("body 5 " + "hello".hashCode());
    assertThat(body).doesNotContain("x-private").doesNotContain("keep-alive").doesNotContain("te:");
    assertThat(body).doesNotContain("proxy-authorization").doesNotContain("connection:");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers().get("X-Upstream")).contains("yes");

    Response root =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api")));
    assertThat(t.await(root.readBody(1 << 20)).utf8()).startsWith("GET /v1\n");
    cleanUp(t);
  }

  @Test
  void hostIsPreservedWhenAsked(ReactorTester t) {
    int upstream = listen(t, Site.create(t.reactor(), new EchoUpstream()));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(
                    t.reactor(), URI.create("http://127.0.0.1:" + upstream + "/"))
                .preserveHost(true));
    PoolingAgent client = agent(t);
    Response r =
        t.await(
            client.request(
                "GET",
                URI.create("http://127.0.0.1:" + front + "/api/x/"),
                HttpHeaders.of("Host", "example.org"),
                Optional.empty()));
    String body = t.await(r.readBody(1 << 20)).utf8();
    assertThat(body).startsWith("GET /x/\n").contains("host: example.org\n");
    cleanUp(t);
  }

  @Test
  void upstreamConnectionsAreReusedUpToThePerUpstreamLimit(ReactorTester t) {
    int[] connections = new int[1];
    Site upstreamSite = Site.create(t.reactor(), new EchoUpstream());
    int upstream =
        listen(
            t,
            peer -> {
              connections[0]++;
              return upstreamSite.buildProtocol(peer);
            });
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream))
                .maxConnections(2));
    PoolingAgent client = Agent.builder(t.reactor()).maxPerOrigin(6).build();
    agents.add(client);
    List<Deferred<ByteString>> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      all.add(
          client
              .request("GET", URI.create("http://127.0.0.1:" + front + "/api/n" + i))
              .addDeferredCallback(r -> r.readBody(1 << 20)));
    }
    List<ByteString> bodies = t.await(Deferred.gather(all));
    for (int i = 0; i < 12; i++) {
      assertThat(bodies.get(i).utf8()).startsWith("GET /n" + i + "\n");
    }
    assertThat(connections[0]).isBetween(1, 2);
    cleanUp(t);
  }

  @Test
  void refusedUpstreamGives502WithAnEscapedPage(ReactorTester t) throws IOException {
    int closed = RealPeer.freePort();
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(
                t.reactor(), URI.create("http://127.0.0.1:" + closed + "/")));
    PoolingAgent client = agent(t);
    Response r =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/%3Cb%3Ex")));
    assertThat(r.status()).isEqualTo(502);
    String page = t.await(r.readBody(1 << 20)).utf8();
    assertThat(page).contains("502 Bad Gateway").contains("&lt;b&gt;x").doesNotContain("<b>");
    cleanUp(t);
  }

  /** A raw upstream that answers every connection's first bytes with {@code answer}. */
  private int rawUpstream(ReactorTester t, Consumer<Transport> answer) {
    return listen(
        t,
        peer ->
            new Protocol() {
              Transport transport;

              @Override
              public void connectionMade(Transport transport) {
                this.transport = transport;
              }

              @Override
              public void dataReceived(ByteBuffer data) {
                data.position(data.limit());
                if (transport != null) {
                  Transport tr = transport;
                  transport = null;
                  answer.accept(tr);
                }
              }
            });
  }

  @Test
  void hopByHopResponseHeadersAndThoseNamedInConnectionAreRemoved(ReactorTester t) {
    int upstream =
        rawUpstream(
            t,
            tr -> {
              tr.write(
                  ByteBuffer.wrap(
                      ("HTTP/1.1 200 OK\r\nConnection: X-Secret, close\r\nX-Secret: hop\r\n"
                              + "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\n"
                              + "Upgrade: h2c\r\nTrailer: X-T\r\nX-Upstream: yes\r\n"
                              + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
                          .getBytes(StandardCharsets.US_ASCII)));
              tr.loseConnection();
            });
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream)));
    PoolingAgent client = agent(t);
    Response r = t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/")));
    assertThat(t.await(r.readBody(1 << 20)).utf8()).isEqualTo("ok");
    assertThat(r.headers().get("X-Upstream")).contains("yes");
    for (String name :
        List.of("X-Secret", "Keep-Alive", "Proxy-Authenticate", "Upgrade", "Trailer")) {
      assertThat(r.headers().contains(name)).as(name).isFalse();
    }
    assertThat(r.headers().getTokens("Connection")).doesNotContain("X-Secret", "close");
    cleanUp(t);
  }

  @Test
  void resetAndMalformedUpstreamsGive502(ReactorTester t) {
    int reset = rawUpstream(t, Transport::abortConnection);
    int malformed =
        rawUpstream(
            t,
            tr -> {
              tr.write(
                  ByteBuffer.wrap("HTTP/1.1 2OO OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
              tr.loseConnection();
            });
    int smuggling =
        rawUpstream(
            t,
            tr -> {
              tr.write(
                  ByteBuffer.wrap(
                      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc"
                          .getBytes(StandardCharsets.US_ASCII)));
              tr.loseConnection();
            });
    PoolingAgent client = agent(t);
    for (int port : new int[] {reset, malformed, smuggling}) {
      int front =
          proxySite(
              t, ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + port)));
      Response r =
          t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/")));
      assertThat(r.status()).isEqualTo(502);
      assertThat(t.await(r.readBody(1 << 20)).utf8()).contains("Bad Gateway");
    }
    cleanUp(t);
  }

  @Test
  void upstreamThatNeverAnswersGives504AfterTheResponseTimeout(ReactorTester t) {
    FakeClock clock = new FakeClock();
    Deferred<Void> arrived = new Deferred<>();
    int upstream =
        listen(
            t,
            Site.create(
                t.reactor(),
                new Resource() {
                  @Override
                  public boolean isLeaf() {
                    return true;
                  }

                  @Override
                  public Deferred<Void> render(Request request) {
                    arrived.callback(null);
                    return new Deferred<>();
                  }
                }));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream))
                .clock(clock)
                .responseTimeout(Duration.ofSeconds(30)));
    PoolingAgent client = agent(t);
    Deferred<Response> pending =
        client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/slow"));
    boolean[] answered = new boolean[1];
    pending.addListener(response -> answered[0] = true);
    t.await(arrived);
    clock.advance(Duration.ofSeconds(29));
    assertThat(answered[0]).isFalse();
    clock.advance(Duration.ofSeconds(1));
    Response r = t.await(pending);
    assertThat(r.status()).isEqualTo(504);
    assertThat(t.await(r.readBody(1 << 20)).utf8()).contains("Gateway Timeout");
    cleanUp(t);
  }

  /** An upstream streaming {@code total} bytes with a push producer, recording how far it got. */
  static final class Streamer implements Resource {
    final long total;
    long produced;
    boolean paused;
    int pauses;
    final Deferred<Void> stopped = new Deferred<>();

    Streamer(long total) {
      this.total = total;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      request.setHeader("Content-Type", "application/octet-stream");
      request.setHeader("Content-Length", Long.toString(total));
      byte[] chunk = new byte[64 * 1024];
      request.registerProducer(
          new PushProducer() {
            @Override
            public void pauseProducing() {
              paused = true;
              pauses++;
            }

            @Override
            public void resumeProducing() {
              paused = false;
              pump();
            }

            @Override
            public void stopProducing() {
              paused = true;
              if (!stopped.called()) {
                stopped.callback(null);
              }
            }

            void pump() {
              while (!paused && produced < total) {
                int n = (int) Math.min(chunk.length, total - produced);
                produced += n;
                request.write(ByteBuffer.wrap(chunk, 0, n));
              }
              if (produced == total && !request.finished()) {
                request.unregisterProducer();
                request.finish();
              }
            }

            {
              request.site().time().callLater(Duration.ZERO, this::pump);
            }
          });
      return Deferred.succeed(null);
    }
  }

  @Test
  void aLargeBodyToASlowReaderKeepsTheBufferedBytesBounded(ReactorTester t) {
    long total = 64L << 20;
    long bound = 24L << 20;
    Streamer streamer = new Streamer(total);
    int upstream = listen(t, Site.create(t.reactor(), streamer));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream)));
    PoolingAgent client = agent(t);
    Response r =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/big")));
    assertThat(r.headers().get("Content-Length")).contains(Long.toString(total));
    Reactor reactor = t.reactor();
    long[] received = new long[1];
    long[] maxGap = new long[1];
    int[] slowdowns = new int[1];
    Deferred<Void> done = new Deferred<>();
    r.deliverBody(
        new BodyConsumer() {
          long nextPause = 1 << 20;

          @Override
          public void dataReceived(ByteString data) {
            received[0] += data.size();
            maxGap[0] = Math.max(maxGap[0], streamer.produced - received[0]);
            if (received[0] >= nextPause) {
              nextPause += 8L << 20;
              r.pauseBody();
              slowdowns[0]++;
              resumeWhenUpstreamStops();
            }
          }

          /** Stays paused until the upstream's producer is paused too: the pressure got there. */
          void resumeWhenUpstreamStops() {
            reactor.callLater(
                Duration.ofMillis(10),
                () -> {
                  maxGap[0] = Math.max(maxGap[0], streamer.produced - received[0]);
                  if (streamer.paused || streamer.produced == total) {
                    r.resumeBody();
                  } else {
                    resumeWhenUpstreamStops();
                  }
                });
          }

          @Override
          public void bodyEnded(HttpHeaders trailers) {
            done.callback(null);
          }

          @Override
          public void bodyFailed(Throwable reason) {
            done.errback(reason);
          }
        });
    t.await(done);
    assertThat(received[0]).isEqualTo(total);
    assertThat(slowdowns[0]).isGreaterThanOrEqualTo(8);
    assertThat(streamer.pauses).isGreaterThan(0);
    assertThat(maxGap[0]).isLessThan(bound);
    cleanUp(t);
  }

  @Test
  void aClientThatLeavesMidBodyMakesTheProxyCloseTheUpstreamConnection(ReactorTester t) {
    Streamer streamer = new Streamer(64L << 20);
    int upstream = listen(t, Site.create(t.reactor(), streamer));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream)));
    PoolingAgent client = agent(t);
    Response r =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/big")));
    Deferred<Void> firstBytes = new Deferred<>();
    r.deliverBody(
        new BodyConsumer() {
          @Override
          public void dataReceived(ByteString data) {
            if (!firstBytes.called()) {
              firstBytes.callback(null);
            }
          }

          @Override
          public void bodyEnded(HttpHeaders trailers) {}

          @Override
          public void bodyFailed(Throwable reason) {}
        });
    t.await(firstBytes);
    r.stopBody();
    t.await(streamer.stopped);
    assertThat(streamer.produced).isLessThan(streamer.total);
    cleanUp(t);
  }

  @Test
  void aLargeUploadToASlowUpstreamIsStreamedWithBoundedBuffering(ReactorTester t) {
    long total = 64L << 20;
    long bound = 24L << 20;
    long[] consumed = new long[1];
    long[] maxGap = new long[1];
    Reactor reactor = t.reactor();
    WebTests.CountingSource source = new WebTests.CountingSource(reactor, total, false);
    Resource slowSink =
        new Resource() {
          @Override
          public boolean isLeaf() {
            return true;
          }

          @Override
          public Deferred<Void> render(Request request) {
            request.allowBody(total);
            Deferred<Void> result = new Deferred<>();
            long[] nextPause = {1 << 20};
            request.readBody(
                new dev.braid.web.BodyConsumer() {
                  @Override
                  public void bodyData(ByteBuffer data) {
                    consumed[0] += data.remaining();
                    data.position(data.limit());
                    maxGap[0] = Math.max(maxGap[0], source.produced() - consumed[0]);
                    if (consumed[0] >= nextPause[0]) {
                      nextPause[0] += 8L << 20;
                      request.pauseBody();
                      resumeLater();
                    }
                  }

                  void resumeLater() {
                    reactor.callLater(
                        Duration.ofMillis(10),
                        () -> {
                          if (source.paused() || source.produced() == total) {
                            request.resumeBody();
                          } else {
                            resumeLater();
                          }
                        });
                  }

                  @Override
                  public void bodyEnd() {
                    request
                        .respond(200, "text/plain", ByteString.utf8("got " + consumed[0]))
                        .chain(result);
                  }

                  @Override
                  public void bodyFailed(Throwable reason) {
                    result.errback(reason);
                  }
                });
            return result;
          }
        };
    int upstream = listen(t, Site.create(t.reactor(), slowSink));
    int front =
        proxySite(
            t,
            ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + upstream)));
    PoolingAgent client = agent(t);
    Response r =
        t.await(
            client.request(
                "PUT",
                URI.create("http://127.0.0.1:" + front + "/api/upload"),
                HttpHeaders.empty(),
                Optional.of(source)));
    assertThat(t.await(r.readBody(1 << 10)).utf8()).isEqualTo("got " + total);
    assertThat(maxGap[0]).isLessThan(bound);
    cleanUp(t);
  }

  @Test
  void pythonHttpServerServesThroughTheProxy(ReactorTester t) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("py"));
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7);
    }
    Files.write(dir.resolve("data.bin"), content);
    int port = RealPeer.freePort();
    RealPeer python = WebTests.pythonHttpServer(t.reactor(), dir, port);
    PoolingAgent probe = agent(t);
    Response up =
        t.await(
            WebTests.whenUp(t, probe, URI.create("http://127.0.0.1:" + port + "/data.bin"), 200));
    t.await(up.readBody(1 << 20));
    int front =
        proxySite(
            t, ReverseProxyResource.builder(t.reactor(), URI.create("http://127.0.0.1:" + port)));
    PoolingAgent client = agent(t);
    Response r =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/data.bin")));
    assertThat(r.status()).isEqualTo(200);
    assertThat(t.await(r.readBody(1 << 20)).toByteArray()).isEqualTo(content);
    Response missing =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + front + "/api/nope")));
    assertThat(missing.status()).isEqualTo(404);
    t.await(missing.readBody(1 << 20));
    Response head =
        t.await(client.request("HEAD", URI.create("http://127.0.0.1:" + front + "/api/data.bin")));
    assertThat(head.headers().get("Content-Length")).contains("300000");
    assertThat(t.await(head.readBody(10)).isEmpty()).isTrue();
    cleanUp(t);
    python.terminate();
    python.awaitExit(Duration.ofSeconds(30));
  }
}
