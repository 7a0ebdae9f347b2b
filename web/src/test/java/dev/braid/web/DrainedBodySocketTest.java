package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.web.staticfiles.FileResource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real sockets, a static file answered while the request's body is still to come: the
 * connection ends (it is not held for a body that never comes), and a body whose framing breaks
 * after the answer closes it without a second status line.
 */
@BraidTest(timeoutSeconds = 60)
class DrainedBodySocketTest {
  private static final String PAGE = "<p>a static page</p>";
  @TempDir Path root;

  /** Serves the page with {@code settings}, sends {@code request}, returns all until closed. */
  private String exchange(ReactorTester t, SiteSettings settings, String request)
      throws IOException {
    Files.writeString(root.resolve("index.html"), PAGE);
    Site site = Site.builder(t.reactor(), FileResource.of(root)).settings(settings).build();
    ListeningPort port =
        t.await(Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1").listen(site));
    try {
      return t.await(
          WebTests.readUntilClosed(
              t.reactor(), ((InetSocketAddress) port.address()).getPort(), request));
    } finally {
      t.await(port.stopListening());
    }
  }

  @Test
  void aDeclaredMegabyteThatNeverComesDoesNotHoldTheConnection(ReactorTester t) throws IOException {
    String got =
        exchange(
            t,
            SiteSettings.defaults(),
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n");
    assertThat(got).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith(PAGE);
  }

  @Test
  void aDeclaredBodyWithinTheDrainCapThatNeverComesEndsAtTheBodyRateDeadline(ReactorTester t)
      throws IOException {
    String got =
        exchange(
            t,
            SiteSettings.defaults().withMinBodyRate(1024, Duration.ofMillis(300)),
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
    assertThat(got).startsWith("HTTP/1.1 200 ").doesNotContain("Connection: close").endsWith(PAGE);
  }

  @Test
  void aBrokenChunkedBodyAfterTheAnswerClosesWithOneStatusLine(ReactorTester t) throws IOException {
    String got =
        exchange(
            t,
            SiteSettings.defaults(),
            "GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "zz\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(got).startsWith("HTTP/1.1 200 ").endsWith(PAGE);
    assertThat(Harness.count(got, "HTTP/1.1 ")).isEqualTo(1);
  }

  @Test
  void expectContinueWithoutABodyKeepsTheConnectionForTheNextRequest(ReactorTester t)
      throws IOException {
    String got =
        exchange(
            t,
            SiteSettings.defaults(),
            "GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    assertThat(Harness.count(got, "HTTP/1.1 200 ")).isEqualTo(2);
  }
}
