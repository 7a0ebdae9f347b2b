package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

@BraidTest
class SiteFeaturesTest {
  static Resource text(String body) {
    return leaf(
        request -> request.respond(200, "text/plain; charset=utf-8", ByteString.utf8(body)));
  }

  /** A leaf resource rendering with {@code render}: it answers every path below it. */
  static Resource leaf(Resource render) {
    return new Resource() {
      @Override
      public boolean isLeaf() {
        return true;
      }

      @Override
      public Deferred<Void> render(Request request) throws Exception {
        return render.render(request);
      }
    };
  }

  static String fetch(Site site, String request) {
    StringTransport t = new StringTransport();
    t.setPeerAddress(new InetSocketAddress("192.0.2.7", 4444));
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive(request);
    return t.writtenUtf8();
  }

  @Test
  void virtualHostsChooseTheTreeByHostIgnoringPortAndCase() {
    VirtualHosts hosts =
        VirtualHosts.withDefault(text("default")).addHost("a.example", text("site a"));
    Site site = Site.create(new FakeClock(), hosts);
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: A.Example:8080\r\n\r\n")).endsWith("site a");
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: b.example\r\n\r\n")).endsWith("default");
    Site strict =
        Site.create(new FakeClock(), VirtualHosts.create().addHost("a.example", text("a")));
    assertThat(fetch(strict, "GET / HTTP/1.1\r\nHost: c\r\n\r\n")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void basicAuthChallengesThenLetsTheRightPasswordIn() {
    BasicAuth auth =
        new BasicAuth(
            "files",
            (user, password) -> Deferred.succeed(user.equals("ann") && password.equals("s3cret:x")),
            text("inside"));
    Site site = Site.create(new FakeClock(), auth);
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        .startsWith("HTTP/1.1 401 ")
        .contains("WWW-Authenticate: Basic realm=\"files\"");
    String good =
        Base64.getEncoder().encodeToString("ann:s3cret:x".getBytes(StandardCharsets.UTF_8));
    String bad = Base64.getEncoder().encodeToString("ann:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(
            fetch(site, "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic " + good + "\r\n\r\n"))
        .startsWith("HTTP/1.1 200 ")
        .endsWith("inside");
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: a\r\nAuthorization: Basic " + bad + "\r\n\r\n"))
        .startsWith("HTTP/1.1 401 ");
  }

  @Test
  void accessLogWritesCombinedLogFormatWithEscapedFields() {
    List<String> lines = new ArrayList<>();
    Site site =
        Site.builder(new FakeClock(), text("hi"))
            .wallClock(InstantSource.fixed(Instant.parse("2026-03-04T05:06:07Z")))
            .accessLog(AccessLog.to(lines::add))
            .build();
    fetch(
        site,
        "GET /x?y=1 HTTP/1.1\r\nHost: a\r\nReferer: http://r/\r\nUser-Agent: t \"q\"\r\n\r\n");
    assertThat(lines)
        .containsExactly(
            "192.0.2.7 - - [04/Mar/2026:05:06:07 +0000] \"GET /x?y=1 HTTP/1.1\" 200 2 \"http://r/\" \"t \\\"q\\\"\"");
  }

  @Test
  void sessionCookieIsSetOnceAndTheSessionExpiresAfterItsTimeout() {
    FakeClock clock = new FakeClock();
    Resource counter =
        request -> {
          Session s = request.session();
          int n = (int) s.get("n").orElse(0) + 1;
          s.put("n", n);
          return request.respond(200, "text/plain", ByteString.utf8("n=" + n));
        };
    Site site =
        Site.builder(clock, counter)
            .settings(SiteSettings.defaults().withSessionTimeout(Duration.ofMinutes(5)))
            .build();
    String first = fetch(site, "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(first).contains("Set-Cookie: BRAID_SESSION=").contains("HttpOnly").endsWith("n=1");
    int at = first.indexOf("BRAID_SESSION=") + 14;
    String id = first.substring(at, first.indexOf(';', at));
    String again =
        fetch(site, "GET / HTTP/1.1\r\nHost: a\r\nCookie: x=1; BRAID_SESSION=" + id + "\r\n\r\n");
    assertThat(again).doesNotContain("Set-Cookie").endsWith("n=2");
    clock.advance(Duration.ofMinutes(5));
    String after =
        fetch(site, "GET / HTTP/1.1\r\nHost: a\r\nCookie: BRAID_SESSION=" + id + "\r\n\r\n");
    assertThat(after).contains("Set-Cookie: BRAID_SESSION=").endsWith("n=1");
    site.stopFactory();
  }

  @Test
  void textIsGzippedWhenAcceptedAndNotWhenRefusedOrSmall() throws Exception {
    String big = "hello gzip ".repeat(500);
    Site site = Site.create(new FakeClock(), text(big));
    StringTransport t = new StringTransport();
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive("GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br, gzip\r\n\r\n");
    byte[] all = t.written().toByteArray();
    String head = new String(all, StandardCharsets.ISO_8859_1);
    assertThat(head).contains("Content-Encoding: gzip\r\n").contains("Vary: Accept-Encoding\r\n");
    byte[] gz = dechunk(all, head.indexOf("\r\n\r\n") + 4);
    assertThat(
            new String(
                new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
                StandardCharsets.UTF_8))
        .isEqualTo(big);
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip;q=0\r\n\r\n"))
        .doesNotContain("Content-Encoding");
    Site small = Site.create(new FakeClock(), text("tiny"));
    assertThat(fetch(small, "GET / HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\n\r\n"))
        .doesNotContain("Content-Encoding")
        .endsWith("tiny");
  }

  private static byte[] dechunk(byte[] all, int from) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int i = from;
    while (true) {
      int eol = i;
      while (all[eol] != '\r') {
        eol++;
      }
      int size = Integer.parseInt(new String(all, i, eol - i, StandardCharsets.US_ASCII), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(all, eol + 2, size);
      i = eol + 2 + size + 2;
    }
  }

  @Test
  void streamedBodyCanBePausedWhichStopsReadingTheConnection() {
    List<String> pieces = new ArrayList<>();
    Request[] seen = {null};
    Resource upload =
        request -> {
          seen[0] = request;
          request.readBody(
              new BodyConsumer() {
                @Override
                public void bodyData(ByteBuffer data) {
                  pieces.add(StandardCharsets.UTF_8.decode(data).toString());
                  if (pieces.size() == 1) {
                    request.pauseBody();
                  }
                }

                @Override
                public void bodyEnd() {
                  request.respond(200, "text/plain", ByteString.utf8("done " + pieces));
                }
              });
          return Deferred.succeed(null);
        };
    Site site = Site.create(new FakeClock(), upload);
    StringTransport t = new StringTransport();
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n");
    assertThat(t.readingPaused()).isTrue();
    t.receive("2\r\ncd\r\n0\r\n\r\n");
    assertThat(pieces).containsExactly("ab");
    seen[0].resumeBody();
    assertThat(pieces).containsExactly("ab", "cd");
    assertThat(t.writtenUtf8()).endsWith("done [ab, cd]");
    assertThat(t.readingPaused()).isFalse();
  }

  @Test
  void streamedResponseIsPausedBySlowClientThroughItsProducer() {
    List<String> events = new ArrayList<>();
    Resource stream =
        request -> {
          request.setHeader("Content-Type", "application/octet-stream");
          request.registerProducer(
              new dev.braid.net.PushProducer() {
                @Override
                public void pauseProducing() {
                  events.add("pause");
                }

                @Override
                public void resumeProducing() {
                  events.add("resume");
                  request.unregisterProducer();
                  request.finish();
                }

                @Override
                public void stopProducing() {}
              });
          request.write(ByteString.of(new byte[100_000]));
          return Deferred.succeed(null);
        };
    Site site = Site.create(new FakeClock(), stream);
    StringTransport t = new StringTransport();
    t.setPeerStalled(true);
    t.makeConnection(site.buildProtocol(t.peerAddress()));
    t.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(events).containsExactly("pause");
    t.drainWriteBuffer();
    assertThat(events).containsExactly("pause", "resume");
    assertThat(t.writtenUtf8()).endsWith("0\r\n\r\n");
  }

  @Test
  void cookiesAndQueryArgumentsAreDecoded() {
    Resource echo =
        leaf(
            request ->
                request.respond(
                    200,
                    "text/plain",
                    ByteString.utf8(
                        request.args() + " " + request.cookies() + " " + request.segments())));
    Site site = Site.create(new FakeClock(), echo);
    assertThat(
            fetch(
                site,
                "GET /a%20b/c?x=1&x=2&y=h%C3%A9+llo HTTP/1.1\r\nHost: a\r\nCookie: k=v; q=\"w\"\r\n\r\n"))
        .endsWith("{x=[1, 2], y=[hé llo]} {k=v, q=w} [a b, c]");
  }

  @Test
  void redirectAndErrorPagesEscapeWhatTheyEcho() {
    Resource r = request -> request.redirect(302, "/next?<script>");
    Site site = Site.create(new FakeClock(), r);
    assertThat(fetch(site, "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        .contains("&lt;script&gt;")
        .doesNotContain("?<script>\">");
    Resource e =
        request -> {
          throw new HttpStatusException(403, "no <b>entry</b>");
        };
    assertThat(fetch(Site.create(new FakeClock(), e), "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        .startsWith("HTTP/1.1 403 ")
        .contains("no &lt;b&gt;entry&lt;/b&gt;");
  }

  @Test
  void failedDeferredFromRenderGives500AndIsLogged() {
    Resource r = request -> Deferred.fail(new ArithmeticException("late failure"));
    assertThat(fetch(Site.create(new FakeClock(), r), "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        .startsWith("HTTP/1.1 500 ")
        .doesNotContain("late failure");
    assertThat(dev.braid.testing.LoggedErrors.flush(ArithmeticException.class)).hasSize(1);
  }
}
