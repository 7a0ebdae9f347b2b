package dev.braid.web.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.web.Site;
import dev.braid.web.SiteSettings;
import dev.braid.web.WebTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A handler reading a body that comes too slowly: the client gets 408, and the server logs a client
 * fault (one INFO line), not an ERROR with a stack trace; the test extension fails the test on any
 * logged error.
 */
@BraidTest(timeoutSeconds = 60)
class SlowBodyHandlerTest {
  private static void upload(HttpExchange exchange) throws IOException {
    long length = 0;
    try (InputStream body = exchange.getRequestBody()) {
      byte[] buffer = new byte[8192];
      for (int n; (n = body.read(buffer)) >= 0; ) {
        length += n;
      }
    }
    byte[] answer = ("received " + length).getBytes();
    exchange.sendResponseHeaders(200, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  @Test
  void aSlowBodyGets408AndIsNotLoggedAsAServerError(ReactorTester t) {
    Site site =
        Site.builder(
                t.reactor(), HttpHandlerResource.create(t.reactor(), SlowBodyHandlerTest::upload))
            .settings(SiteSettings.defaults().withMinBodyRate(1024, Duration.ofMillis(300)))
            .build();
    ListeningPort port =
        t.await(Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1").listen(site));
    try {
      String got =
          t.await(
              WebTests.readUntilClosed(
                  t.reactor(),
                  ((InetSocketAddress) port.address()).getPort(),
                  "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nabc"));
      assertThat(got).startsWith("HTTP/1.1 408 ").contains("Connection: close");
    } finally {
      t.await(port.stopListening());
    }
  }
}
