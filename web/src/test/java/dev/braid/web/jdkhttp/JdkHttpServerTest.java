package dev.braid.web.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.testing.RealPeer.Result;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyProducer;
import dev.braid.web.client.PoolingAgent;
import dev.braid.web.client.Response;
import dev.braid.web.http.HttpHeaders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EchoApp}, written only against {@code com.sun.net.httpserver}, run by {@code
 * HttpServer.create} on Braid and on the JDK's own server, with the same checks.
 */
@BraidTest(timeoutSeconds = 120)
class JdkHttpServerTest {
  @TempDir Path tmp;

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static String base(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The checks both servers must pass, made with Braid's client. */
  private static void exercise(ReactorTester t, String base) {
    PoolingAgent client = Agent.builder(t.reactor()).build();
    byte[] upload = new byte[100_000];
    new Random(7).nextBytes(upload);
    Response echo =
        t.await(
            client.request(
                "POST",
                URI.create(base + "/app/echo"),
                HttpHeaders.empty(),
                Optional.of(BodyProducer.of(ByteString.of(upload)))));
    assertThat(echo.status()).isEqualTo(200);
    assertThat(echo.headers().get("X-Method")).contains("POST");
    assertThat(t.await(echo.readBody(1 << 20)).toByteArray()).isEqualTo(upload);

    Response stream = t.await(client.request("GET", URI.create(base + "/app/stream")));
    assertThat(stream.status()).isEqualTo(200);
    assertThat(stream.headers().get("Transfer-Encoding")).contains("chunked");
    byte[] streamed = t.await(stream.readBody(11 << 20)).toByteArray();
    assertThat(streamed).hasSize(10 << 20);
    for (int i = 0; i < streamed.length; i += 4099) {
      assertThat(streamed[i]).isEqualTo(EchoApp.pattern(i));
    }

    Response headers =
        t.await(
            client.request(
                "GET",
                URI.create(base + "/app/headers?q=1"),
                HttpHeaders.of("X-Test", "abc"),
                Optional.empty()));
    assertThat(headers.status()).isEqualTo(201);
    assertThat(headers.headers().getAll("X-Multi")).containsExactly("one", "two");
    assertThat(headers.headers().get("X-Filter")).contains("1");
    assertThat(t.await(headers.readBody(1 << 20)).utf8())
        .contains("method=GET\n")
        .contains("uri=/app/headers?q=1\n")
        .contains("x-test=[abc]\n")
        .contains("remote-loopback=true\n")
        .contains("marked=yes\n")
        .contains("app=echo-app\n")
        .contains("context=/app/headers\n")
        .contains("protocol=HTTP/1.1\n");

    Response empty = t.await(client.request("GET", URI.create(base + "/app/empty")));
    assertThat(empty.status()).isEqualTo(204);
    assertThat(t.await(empty.readBody(10)).isEmpty()).isTrue();

    Response missing = t.await(client.request("GET", URI.create(base + "/nowhere")));
    assertThat(missing.status()).isEqualTo(404);
    t.await(missing.readBody(1 << 20));
    t.await(client.close());
  }

  @Test
  void httpServerCreateRunsAnUnmodifiedApplicationOnBraid(ReactorTester t) throws Exception {
    HttpServer server = HttpServer.create(loopback(), 0);
    assertThat(server).isInstanceOf(BraidHttpServer.class);
    assertThat(HttpServerProvider.provider()).isInstanceOf(BraidHttpServerProvider.class);
    new EchoApp().install(server);
    server.start();
    try {
      exercise(t, base(server));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theSameApplicationPassesTheSameChecksOnTheJdkServer(ReactorTester t) throws Exception {
    HttpServerProvider jdk =
        (HttpServerProvider)
            Class.forName("sun.net.httpserver.DefaultHttpServerProvider")
                .getConstructor()
                .newInstance();
    HttpServer server = jdk.createHttpServer(loopback(), 0);
    assertThat(server).isNotInstanceOf(BraidHttpServer.class);
    new EchoApp().install(server);
    server.start();
    try {
      exercise(t, base(server));
    } finally {
      server.stop(0);
    }
  }

  private static Deferred<Result> run(Reactor reactor, String... command) {
    return RealPeer.command(command).run(reactor, Duration.ofSeconds(60));
  }

  /**
   * POSTs {@code size} random bytes to {@code url} with curl (and {@code options}), and checks that
   * the application answered 200 with the same bytes.
   */
  private void curlEchoes(ReactorTester t, String url, int size, String... options)
      throws IOException {
    Path upload = tmp.resolve("upload.bin");
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    Files.write(upload, data);
    Path echoed = tmp.resolve("echoed.bin");
    List<String> command = new ArrayList<>(List.of("curl", "-sS"));
    command.addAll(List.of(options));
    command.addAll(
        List.of("--data-binary", "@" + upload, "-o", echoed.toString(), "-w", "%{http_code}", url));
    Result echo = t.await(run(t.reactor(), command.toArray(String[]::new)));
    assertThat(echo.out()).as(echo.out()).isEqualTo("200");
    assertThat(Files.readAllBytes(echoed)).isEqualTo(data);
  }

  @Test
  void curlTalksToTheApplicationOnBraid(ReactorTester t) throws Exception {
    HttpServer server = HttpServer.create(loopback(), 0);
    new EchoApp().install(server);
    server.start();
    try {
      String base = base(server);
      curlEchoes(t, base + "/app/echo", 3 << 20);

      Path streamed = tmp.resolve("streamed.bin");
      Result stream =
          t.await(run(t.reactor(), "curl", "-sS", "-o", streamed.toString(), base + "/app/stream"));
      assertThat(stream.exit()).isZero();
      assertThat(Files.size(streamed)).isEqualTo(10L << 20);

      Result headers =
          t.await(
              run(t.reactor(), "curl", "-sS", "-i", "-H", "X-Test: curl", base + "/app/headers"));
      assertThat(headers.out()).startsWith("HTTP/1.1 201").contains("x-test=[curl]");

      Result missing =
          t.await(
              run(
                  t.reactor(),
                  "curl",
                  "-sS",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  base + "/x"));
      assertThat(missing.out()).isEqualTo("404");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void anExecutorSetByTheApplicationRunsTheHandlersAndStopClosesThePort(ReactorTester t)
      throws Exception {
    HttpServer server = HttpServer.create(loopback(), 0);
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    server.setExecutor(
        task -> {
          ran.incrementAndGet();
          pool.execute(task);
        });
    new EchoApp().install(server);
    server.start();
    String base = base(server);
    PoolingAgent client = Agent.builder(t.reactor()).build();
    Response r = t.await(client.request("GET", URI.create(base + "/app/headers")));
    assertThat(r.status()).isEqualTo(201);
    t.await(r.readBody(1 << 20));
    assertThat(ran.get()).isEqualTo(1);
    t.await(client.close());
    server.stop(1);
    pool.shutdown();
    PoolingAgent after = Agent.builder(t.reactor()).build();
    assertThat(t.awaitFailure(after.request("GET", URI.create(base + "/app/headers"))))
        .isInstanceOf(java.io.IOException.class);
    t.await(after.close());
  }

  /**
   * What a TLS application builds itself: an SSLContext from a key and its chain, JDK APIs only.
   */
  private static SSLContext serverContext(CertificateKey key) throws Exception {
    char[] password = "test".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("server", key.key(), password, key.chain().toArray(new X509Certificate[0]));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** Answers the protocol of the exchange's TLS session, as an HTTPS application may. */
  private static void tlsInfo(HttpExchange exchange) throws IOException {
    String protocol = ((HttpsExchange) exchange).getSSLSession().getProtocol();
    byte[] body = protocol.getBytes(StandardCharsets.US_ASCII);
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Test
  void curlTalksHttpsToTheApplicationOnBraid(ReactorTester t) throws Exception {
    CertificateKey key = DevCertificates.localhost(tmp);
    HttpsServer server = HttpsServer.create(loopback(), 0);
    assertThat(server).isInstanceOf(BraidHttpsServer.class);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(key)));
    new EchoApp().install(server);
    server.createContext("/tls", JdkHttpServerTest::tlsInfo);
    server.start();
    try {
      String base = "https://localhost:" + server.getAddress().getPort();
      String ca = tmp.resolve("localhost-cert.pem").toString();
      String resolve = "localhost:" + server.getAddress().getPort() + ":127.0.0.1";
      curlEchoes(t, base + "/app/echo", 1 << 20, "--cacert", ca, "--resolve", resolve);
      Result info =
          t.await(
              run(t.reactor(), "curl", "-sS", "--cacert", ca, "--resolve", resolve, base + "/tls"));
      assertThat(info.out()).isEqualTo("TLSv1.3");
      // the certificate is checked: without the CA curl refuses
      Result untrusted =
          t.await(
              run(
                  t.reactor(),
                  "curl",
                  "-sS",
                  "--resolve",
                  resolve,
                  "-o",
                  "/dev/null",
                  base + "/tls"));
      assertThat(untrusted.exit()).as(untrusted.out()).isEqualTo(60); // peer not verified
      // http:// to the HTTPS port: a 400 that says to use https, not a silent close
      Result plain =
          t.await(
              run(
                  t.reactor(),
                  "curl",
                  "-sS",
                  "-i",
                  "http://127.0.0.1:" + server.getAddress().getPort() + "/tls"));
      assertThat(plain.exit()).as(plain.out()).isZero();
      assertThat(plain.out()).startsWith("HTTP/1.1 400 ").contains("Use https://");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theConfiguratorsParametersApplyAndStartNeedsAConfigurator(ReactorTester t) throws Exception {
    CertificateKey key = DevCertificates.localhost(tmp);
    HttpsServer server = HttpsServer.create(loopback(), 0);
    server.createContext("/tls", JdkHttpServerTest::tlsInfo);
    assertThatThrownBy(server::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("HttpsConfigurator");
    List<InetSocketAddress> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
    server.setHttpsConfigurator(
        new HttpsConfigurator(serverContext(key)) {
          @Override
          public void configure(HttpsParameters params) {
            clients.add(params.getClientAddress());
            SSLParameters only12 = getSSLContext().getDefaultSSLParameters();
            only12.setProtocols(new String[] {"TLSv1.2"});
            params.setSSLParameters(only12);
          }
        });
    server.start();
    try {
      PoolingAgent client =
          Agent.builder(t.reactor())
              .tls(TlsOptions.client().trustRoots(List.of(key.leaf())).build())
              .build();
      Response r =
          t.await(
              client.request(
                  "GET",
                  URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/tls")));
      assertThat(r.status()).isEqualTo(200);
      assertThat(t.await(r.readBody(1 << 10)).utf8()).isEqualTo("TLSv1.2");
      assertThat(clients).hasSize(1);
      assertThat(clients.get(0).getAddress().isLoopbackAddress()).isTrue();
      t.await(client.close());
    } finally {
      server.stop(0);
    }
  }
}
