package dev.braid.web.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import dev.braid.web.MethodResource;
import dev.braid.web.Request;
import dev.braid.web.Site;
import dev.braid.web.WebTests;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyConsumer;
import dev.braid.web.client.PoolingAgent;
import dev.braid.web.client.Response;
import dev.braid.web.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers mounted in a Braid site with {@link HttpHandlerResource}, over real sockets. */
@BraidTest(timeoutSeconds = 120)
class HttpHandlerResourceTest {
  private static final long BOUND = 24L << 20;

  private final EchoApp app = new EchoApp();
  private volatile long handlerRead;
  private volatile boolean atGate;
  private final CountDownLatch gate = new CountDownLatch(1);

  /** Reads 1 MiB, waits at the gate, then reads the rest and answers how much it read. */
  private void slowReader(HttpExchange exchange) throws IOException {
    byte[] buf = new byte[16 * 1024];
    long n = 0;
    try (InputStream in = exchange.getRequestBody()) {
      int r;
      while ((r = in.read(buf)) >= 0) {
        n += r;
        handlerRead = n;
        if (n >= 1 << 20 && gate.getCount() > 0) {
          atGate = true;
          try {
            gate.await();
          } catch (InterruptedException e) {
            throw new IOException(e);
          }
        }
      }
    }
    byte[] answer = ("read " + n).getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  private static void failing(HttpExchange exchange) throws IOException {
    throw new IOException("the application failed");
  }

  private record Served(ListeningPort port, String base, PoolingAgent client) {
    void close(ReactorTester t) {
      t.await(client.close());
      t.await(port.stopListening());
    }
  }

  private Served serve(ReactorTester t) {
    Reactor r = t.reactor();
    MethodResource root =
        new MethodResource() {
          @Override
          protected Deferred<Void> get(Request request) {
            return request.respond(200, "text/plain", ByteString.utf8("root"));
          }
        };
    root.putChild("stream", HttpHandlerResource.create(r, app::stream));
    root.putChild("upload", HttpHandlerResource.create(r, this::slowReader));
    HttpHandlerResource headers = HttpHandlerResource.create(r, EchoApp::headers);
    headers.filters().add(new EchoApp.MarkingFilter());
    headers.attributes().put("app", "mounted");
    root.putChild("h", headers);
    root.putChild("path", HttpHandlerResource.create(r, new EchoApp.PathHandler()));
    root.putChild("fail", HttpHandlerResource.create(r, HttpHandlerResourceTest::failing));
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(r, "tcp:0:interface=127.0.0.1")
                .listen(Site.create(r, root)));
    return new Served(
        port,
        "http://127.0.0.1:" + ((InetSocketAddress) port.address()).getPort(),
        Agent.builder(r).build());
  }

  @Test
  void aMountedHandlerSeesTheMountPathAsItsContextAndTheFullUri(ReactorTester t) {
    Served s = serve(t);
    Response r =
        t.await(
            s.client()
                .request(
                    "GET",
                    URI.create(s.base() + "/h/sub?x=1"),
                    HttpHeaders.of("X-Test", "v"),
                    Optional.empty()));
    assertThat(r.headers().get("X-Filter")).contains("1");
    assertThat(t.await(r.readBody(1 << 20)).utf8())
        .contains("uri=/h/sub?x=1\n")
        .contains("context=/h\n")
        .contains("marked=yes\n")
        .contains("app=mounted\n")
        .contains("x-test=[v]\n");
    Response p = t.await(s.client().request("GET", URI.create(s.base() + "/path/a/b")));
    assertThat(t.await(p.readBody(1 << 20)).utf8()).isEqualTo("/path/a/b");
    s.close(t);
  }

  @Test
  void aHandlerThatThrowsBeforeAnsweringGives500AndIsLogged(ReactorTester t) {
    Served s = serve(t);
    Response r = t.await(s.client().request("GET", URI.create(s.base() + "/fail")));
    assertThat(r.status()).isEqualTo(500);
    t.await(r.readBody(1 << 20));
    assertThat(LoggedErrors.flush(IOException.class)).hasSize(1);
    s.close(t);
  }

  @Test
  void aSlowClientBlocksTheHandlerInWriteWithBoundedBuffering(ReactorTester t) {
    Served s = serve(t);
    long total = 64L << 20;
    Response r = t.await(s.client().request("GET", URI.create(s.base() + "/stream?" + total)));
    Reactor reactor = t.reactor();
    long[] received = new long[1];
    long[] maxGap = new long[1];
    int[] blockedSeen = new int[1];
    Deferred<Void> done = new Deferred<>();
    r.deliverBody(
        new BodyConsumer() {
          long nextPause = 1 << 20;
          long lastStreamed = -1;

          @Override
          public void dataReceived(ByteString data) {
            long at = received[0];
            byte[] b = data.toByteArray();
            for (int i = 0; i < b.length; i += 997) {
              assertThat(b[i]).isEqualTo(EchoApp.pattern(at + i));
            }
            received[0] += b.length;
            maxGap[0] = Math.max(maxGap[0], app.streamed.get() - received[0]);
            if (received[0] >= nextPause) {
              nextPause += 16L << 20;
              r.pauseBody();
              waitForBlockedHandler();
            }
          }

          /** Resumes once the handler thread sits blocked in write with nothing more written. */
          void waitForBlockedHandler() {
            reactor.callLater(
                Duration.ofMillis(10),
                () -> {
                  long now = app.streamed.get();
                  maxGap[0] = Math.max(maxGap[0], now - received[0]);
                  Thread h = app.streamThread;
                  boolean blocked = h != null && h.getState() == Thread.State.WAITING;
                  if (now >= total || (blocked && now == lastStreamed)) {
                    if (blocked && now < total) {
                      blockedSeen[0]++;
                    }
                    lastStreamed = -1;
                    r.resumeBody();
                  } else {
                    lastStreamed = blocked ? now : -1;
                    waitForBlockedHandler();
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
    assertThat(blockedSeen[0]).isGreaterThan(0);
    assertThat(maxGap[0]).isLessThan(BOUND);
    s.close(t);
  }

  @Test
  void aSlowHandlerPausesReadingTheUploadWithBoundedBuffering(ReactorTester t) {
    Served s = serve(t);
    long total = 64L << 20;
    Reactor reactor = t.reactor();
    WebTests.CountingSource source = new WebTests.CountingSource(reactor, total, true);
    Deferred<Response> pending =
        s.client()
            .request(
                "PUT", URI.create(s.base() + "/upload"), HttpHeaders.empty(), Optional.of(source));
    long[] gapAtGate = new long[1];
    Deferred<Void> stalled = new Deferred<>();
    Runnable[] check = new Runnable[1];
    check[0] =
        () -> {
          if (atGate && source.paused()) {
            gapAtGate[0] = source.produced() - handlerRead;
            stalled.callback(null);
          } else {
            reactor.callLater(Duration.ofMillis(10), check[0]);
          }
        };
    reactor.callLater(Duration.ofMillis(10), check[0]);
    t.await(stalled);
    assertThat(source.produced()).isLessThan(total);
    assertThat(gapAtGate[0]).isLessThan(BOUND);
    gate.countDown();
    Response r = t.await(pending);
    assertThat(t.await(r.readBody(100)).utf8()).isEqualTo("read " + total);
    s.close(t);
  }

  /** Says whether it was given an HttpsExchange, and its session's protocol. */
  private static void secureOrNot(HttpExchange exchange) throws IOException {
    String answer =
        exchange instanceof HttpsExchange tls
            ? "tls " + tls.getSSLSession().getProtocol()
            : "plain";
    byte[] body = answer.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void aHandlerMountedInASiteServedOverTlsGetsAnHttpsExchange(ReactorTester t, @TempDir Path dir)
      throws Exception {
    CertificateKey key = DevCertificates.localhost(dir);
    Reactor r = t.reactor();
    Site site = Site.create(r, HttpHandlerResource.create(r, HttpHandlerResourceTest::secureOrNot));
    ListeningPort tls =
        t.await(
            Tls.serverEndpoint(
                    r,
                    Endpoints.serverFromString(r, "tcp:0:interface=127.0.0.1"),
                    TlsOptions.server(key).build())
                .listen(site));
    ListeningPort plain =
        t.await(Endpoints.serverFromString(r, "tcp:0:interface=127.0.0.1").listen(site));
    PoolingAgent client =
        Agent.builder(r)
            .tls(TlsOptions.client().trustRoots(java.util.List.of(key.leaf())).build())
            .build();
    int tlsPort = ((InetSocketAddress) tls.address()).getPort();
    int plainPort = ((InetSocketAddress) plain.address()).getPort();
    Response overTls =
        t.await(client.request("GET", URI.create("https://127.0.0.1:" + tlsPort + "/")));
    assertThat(t.await(overTls.readBody(1 << 10)).utf8()).isEqualTo("tls TLSv1.3");
    Response overTcp =
        t.await(client.request("GET", URI.create("http://127.0.0.1:" + plainPort + "/")));
    assertThat(t.await(overTcp.readBody(1 << 10)).utf8()).isEqualTo("plain");
    t.await(client.close());
    t.await(tls.stopListening());
    t.await(plain.stopListening());
  }
}
