package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.DevCertificates;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.testing.RealPeer.Result;
import dev.braid.web.staticfiles.FileResource;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server against curl, Python's http.client and raw sockets, over real TCP and TLS. */
@BraidTest(timeoutSeconds = 60)
class RealPeersTest {
  @TempDir Path tmp;
  Path www;
  final AtomicInteger counted = new AtomicInteger();

  /**
   * /files: static files; /echo: answers the body's length (64 MiB allowed); /count: counts GETs.
   */
  final class Root extends MethodResource {
    Root() {
      putChild("files", FileResource.of(www));
      putChild(
          "echo",
          new MethodResource() {
            @Override
            protected Deferred<Void> post(Request request) {
              request.allowBody(64L << 20);
              return request
                  .body()
                  .addDeferredCallback(
                      b ->
                          request.respond(
                              200, "text/plain", ByteString.utf8("length " + b.size())));
            }
          });
      putChild(
          "small",
          new MethodResource() {
            @Override
            protected Deferred<Void> post(Request request) {
              return request
                  .body()
                  .addDeferredCallback(
                      b -> request.respond(200, "text/plain", ByteString.utf8("ok")));
            }
          });
      putChild(
          "count",
          new MethodResource() {
            @Override
            protected Deferred<Void> get(Request request) {
              counted.incrementAndGet();
              return request.respond(200, "text/plain", ByteString.utf8("counted"));
            }
          });
    }
  }

  @BeforeEach
  void files() throws Exception {
    www = Files.createDirectories(tmp.resolve("www"));
    Files.writeString(www.resolve("digits.txt"), "0123456789");
    byte[] big = new byte[3 * 1024 * 1024 + 7];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Files.write(www.resolve("big.bin"), big);
  }

  private ListeningPort listen(ReactorTester t, String endpoint) {
    Site site = Site.create(t.reactor(), new Root());
    return t.await(Endpoints.serverFromString(t.reactor(), endpoint).listen(site));
  }

  private static int port(ListeningPort p) {
    return ((InetSocketAddress) p.address()).getPort();
  }

  private static Deferred<Result> run(Reactor reactor, String... command) {
    return RealPeer.command(command).run(reactor, Duration.ofSeconds(50));
  }

  @Test
  void curlGetsRangesConditionalsChunkedUploadsAndReusesTheConnection(ReactorTester t)
      throws Exception {
    ListeningPort listening = listen(t, "tcp:0:interface=127.0.0.1");
    String base = "http://127.0.0.1:" + port(listening);
    Reactor r = t.reactor();

    assertThat(t.await(run(r, "curl", "-sS", "-r", "2-4", base + "/files/digits.txt")).out())
        .isEqualTo("234");
    String multi =
        t.await(run(r, "curl", "-sS", "-i", "-r", "0-0,8-9", base + "/files/digits.txt")).out();
    assertThat(multi).contains("206").contains("multipart/byteranges").contains("\r\n\r\n89\r\n");

    Path stamp = tmp.resolve("stamp");
    Files.writeString(stamp, "");
    Files.setLastModifiedTime(stamp, Files.getLastModifiedTime(www.resolve("digits.txt")));
    assertThat(
            t.await(
                    run(
                        r,
                        "curl",
                        "-sS",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "-z",
                        stamp.toString(),
                        base + "/files/digits.txt"))
                .out())
        .isEqualTo("304");

    Path etag = tmp.resolve("etag");
    t.await(
        run(
            r,
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "--etag-save",
            etag.toString(),
            base + "/files/digits.txt"));
    assertThat(
            t.await(
                    run(
                        r,
                        "curl",
                        "-sS",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--etag-compare",
                        etag.toString(),
                        base + "/files/digits.txt"))
                .out())
        .isEqualTo("304");

    Path upload = www.resolve("big.bin");
    assertThat(
            t.await(
                    run(
                        r,
                        "curl",
                        "-sS",
                        "-H",
                        "Transfer-Encoding: chunked",
                        "--data-binary",
                        "@" + upload,
                        base + "/echo"))
                .out())
        .isEqualTo("length " + Files.size(upload));

    Result twice =
        t.await(
            run(r, "curl", "-sS", "-v", base + "/files/digits.txt", base + "/files/digits.txt"));
    assertThat(twice.out())
        .contains("0123456789")
        .containsPattern("(?i)re-?using existing connection");

    Path download = tmp.resolve("download.bin");
    t.await(run(r, "curl", "-sS", "-o", download.toString(), base + "/files/big.bin"));
    assertThat(Files.mismatch(download, upload)).isEqualTo(-1);
    t.await(listening.stopListening());
  }

  @Test
  void curlFetchesOverHttpsWithADevCertificate(ReactorTester t) throws Exception {
    Reactor r = t.reactor();
    Path certs = Files.createDirectories(tmp.resolve("certs"));
    t.await(r.deferToThread(() -> DevCertificates.localhost(certs)));
    ListeningPort listening =
        listen(t, "ssl:0:certKey=" + certs.resolve("localhost.pem") + ":interface=127.0.0.1");
    String url = "https://localhost:" + port(listening) + "/files/big.bin";
    Path download = tmp.resolve("tls.bin");
    Result res =
        t.await(
            run(
                r,
                "curl",
                "-sS",
                "--cacert",
                certs.resolve("localhost-cert.pem").toString(),
                "--resolve",
                "localhost:" + port(listening) + ":127.0.0.1",
                "-o",
                download.toString(),
                url));
    assertThat(res.exit()).as(res.out()).isZero();
    assertThat(Files.mismatch(download, www.resolve("big.bin"))).isEqualTo(-1);
    t.await(listening.stopListening());
  }

  @Test
  void pythonHttpClientKeepsOneConnectionForGetHeadAndPost(ReactorTester t) {
    ListeningPort listening = listen(t, "tcp:0:interface=127.0.0.1");
    String script =
        """
        import http.client, sys
        c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
        c.request("GET", "/files/digits.txt")
        r = c.getresponse(); body = r.read(); sock = c.sock
        print(r.status, body.decode())
        c.request("HEAD", "/files/digits.txt")
        r = c.getresponse(); r.read()
        print(r.status, r.getheader("Content-Length"))
        c.request("POST", "/echo", body=b"x" * 1000)
        r = c.getresponse()
        print(r.status, r.read().decode(), c.sock is sock)
        """;
    Result res =
        t.await(run(t.reactor(), "python3", "-c", script, String.valueOf(port(listening))));
    assertThat(res.out()).isEqualTo("200 0123456789\n200 10\n200 length 1000 True\n");
    t.await(listening.stopListening());
  }

  private static Deferred<String> exchange(Reactor reactor, int port, byte[] request) {
    return reactor.deferToThread(
        () -> {
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            try {
              out.write(request);
              out.flush();
            } catch (java.io.IOException e) {
              // the server may close before taking everything; its answer is what counts
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
              for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
              }
            } catch (java.net.SocketException e) {
              // a reset after the server closed with unread input still leaves the answer read
            }
            return got.toString(StandardCharsets.ISO_8859_1);
          }
        });
  }

  @Test
  void malformedRequestsAreAnsweredWithTheirStatusAndNothingAfterThemIsDispatched(ReactorTester t) {
    ListeningPort listening = listen(t, "tcp:0:interface=127.0.0.1");
    int port = port(listening);
    String next = "GET /count HTTP/1.1\r\nHost: a\r\n\r\n";
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"400", "GET /count HTTP/1.1\nHost: a\n\n"});
    cases.add(new String[] {"400", "GET /count HTTP/1.1\r\nHost: a\rX: y\r\n\r\n"});
    cases.add(new String[] {"400", "GET /count HTTP/1.1\r\nHost: a\r\nX: a\0b\r\n\r\n"});
    cases.add(new String[] {"400", "GET /count HTTP/1.1\r\nHost : a\r\n\r\n"});
    cases.add(new String[] {"400", "GET /count HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n"});
    cases.add(
        new String[] {
          "400",
          "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"
        });
    cases.add(
        new String[] {"400", "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc"});
    cases.add(
        new String[] {
          "400",
          "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
        });
    cases.add(
        new String[] {
          "40", "POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"
        });
    cases.add(
        new String[] {
          "400",
          "POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"
        });
    cases.add(
        new String[] {
          "400",
          "POST /small HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n"
        });
    cases.add(new String[] {"400", "GET /count HTTP/1.1\r\n\r\n"});
    cases.add(new String[] {"505", "GET /count HTTP/2.0\r\nHost: a\r\n\r\n"});
    cases.add(new String[] {"414", "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n"});
    cases.add(
        new String[] {
          "431", "GET /count HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(17000) + "\r\n\r\n"
        });
    cases.add(
        new String[] {
          "431", "GET /count HTTP/1.1\r\nHost: a\r\n" + "X: b\r\n".repeat(101) + "\r\n"
        });
    cases.add(
        new String[] {
          "413",
          "POST /small HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n"
              + "c".repeat(2_000_000)
        });
    for (String[] c : cases) {
      String answer =
          t.await(exchange(t.reactor(), port, (c[1] + next).getBytes(StandardCharsets.ISO_8859_1)));
      assertThat(answer)
          .as(c[1].substring(0, Math.min(80, c[1].length())))
          .startsWith("HTTP/1.1 " + c[0]);
      assertThat(answer).contains("Connection: close").doesNotContain("counted");
    }
    assertThat(counted.get()).isZero();
    assertThat(
            t.await(
                exchange(
                    t.reactor(),
                    port,
                    next.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1))))
        .contains("counted");
    assertThat(counted.get()).isEqualTo(1);
    t.await(listening.stopListening());
  }
}
