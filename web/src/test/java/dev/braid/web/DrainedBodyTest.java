package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The body of a request whose resource answered without reading it: the server reads and discards
 * the rest to keep the connection, under the body-rate and idle deadlines and up to {@link
 * SiteSettings#maxDrain()} bytes; a framing error found there closes the connection without a
 * second status line for the request.
 */
@BraidTest
class DrainedBodyTest {
  private static final String NEXT = "GET /next HTTP/1.1\r\nHost: a\r\n\r\n";

  /** Answers every request at once, never reading its body; "/stream" waits for {@code later}. */
  static final class Answering implements Resource {
    final List<String> seen = new ArrayList<>();
    final Deferred<Void> later = new Deferred<>();

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      seen.add(request.path());
      if (request.path().equals("/stream")) {
        request.setHeader("Content-Type", "text/plain");
        request.write(ByteString.utf8("part one "));
        return later.addCallback(
            v -> {
              request.write(ByteString.utf8("part two"));
              request.finish();
              return null;
            });
      }
      return request.respond(200, "text/plain", ByteString.utf8("page " + request.path()));
    }
  }

  @Test
  void declaredBodyThatNeverComesIsClosedAfterOneBodyRateWindow() {
    Answering root = new Answering();
    Harness h = new Harness(root);
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 200 ").endsWith("page /x");
    h.clock.advance(Duration.ofSeconds(9));
    assertThat(h.transport.disconnecting()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(Harness.count(h.out(), "HTTP/1.1 ")).isEqualTo(1);
  }

  @Test
  void discardedBodyThatTricklesBelowTheMinimumRateIsClosed() {
    Harness h = new Harness(new Answering());
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 60000\r\n\r\n");
    // 20 KiB in the first 10 s window (above 1 KiB/s), then 1 KiB in the second (below)
    h.transport.receive("x".repeat(20 * 1024));
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(h.transport.disconnecting()).isFalse();
    h.transport.receive("x".repeat(1024));
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void withTheBodyRateOffTheIdleTimeoutStillEndsTheDiscarding() {
    Harness h =
        new Harness(
            new Answering(), SiteSettings.defaults().withMinBodyRate(0, Duration.ofSeconds(10)));
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n");
    h.clock.advance(Duration.ofSeconds(59));
    h.transport.receive("abc");
    h.clock.advance(Duration.ofSeconds(59));
    assertThat(h.transport.disconnecting()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void declaredBodyLongerThanMaxDrainClosesRightAfterTheResponse() {
    Answering root = new Answering();
    Harness h = new Harness(root);
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 1000000\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 200 ").contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void declaredBodyWithinMaxDrainIsDiscardedAndTheNextRequestAnswered() {
    Answering root = new Answering();
    Harness h = new Harness(root, SiteSettings.defaults().withMaxDrain(100));
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n");
    assertThat(h.out()).doesNotContain("Connection: close");
    h.transport.receive("y".repeat(100) + NEXT);
    assertThat(h.out()).endsWith("page /next");
    assertThat(root.seen).containsExactly("/x", "/next");
    assertThat(h.transport.disconnecting()).isFalse();
  }

  @Test
  void chunkedBodyDiscardedPastMaxDrainClosesWithoutAnotherResponse() {
    Answering root = new Answering();
    Harness h = new Harness(root, SiteSettings.defaults().withMaxDrain(100));
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertThat(h.out()).doesNotContain("Connection: close");
    h.transport.receive("64\r\n" + "y".repeat(100) + "\r\n");
    assertThat(h.transport.disconnecting()).isFalse();
    h.transport.receive("1\r\nz\r\n0\r\n\r\n" + NEXT);
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(Harness.count(h.out(), "HTTP/1.1 ")).isEqualTo(1);
    assertThat(root.seen).containsExactly("/x");
  }

  @Test
  void expectContinueWithoutABodyKeepsTheConnection() {
    Answering root = new Answering();
    Harness h = new Harness(root);
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n");
    assertThat(h.out())
        .startsWith("HTTP/1.1 200 ")
        .doesNotContain("100 Continue")
        .doesNotContain("Connection: close");
    assertThat(h.transport.disconnecting()).isFalse();
    h.transport.receive(NEXT);
    assertThat(h.out()).endsWith("page /next");
  }

  @Test
  void expectContinueWithAZeroLengthBodyKeepsTheConnection() {
    Harness h = new Harness(new Answering());
    h.transport.receive(
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nExpect: 100-continue\r\n\r\n" + NEXT);
    assertThat(h.out()).doesNotContain("Connection: close").endsWith("page /next");
  }

  @Test
  void framingErrorWhileTheResponseIsStillGoingOutEndsItThenCloses() {
    Answering root = new Answering();
    Harness h = new Harness(root);
    h.transport.receive(
        "GET /stream HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + NEXT);
    assertThat(h.transport.disconnecting()).isFalse();
    root.later.callback(null);
    assertThat(h.out()).endsWith("0\r\n\r\n");
    assertThat(Harness.count(h.out(), "HTTP/1.1 ")).isEqualTo(1);
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(root.seen).containsExactly("/stream");
  }

  static Stream<Arguments> brokenBodies() {
    return Stream.of(
        Arguments.of("chunk size not hex", "g\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk size with a sign", "+1\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk size with 0x", "0x1\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk size empty", "\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk size overflowing", "10000000000000000\r\n"),
        Arguments.of("chunk size with a bare LF", "1\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk size with a NUL", "1\0\r\nx\r\n0\r\n\r\n"),
        Arguments.of("whitespace after a chunk size", "1 \r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk data longer than its size", "1\r\nxy\r\n0\r\n\r\n"),
        Arguments.of("chunk data without CRLF", "1\r\nx0\r\n\r\n"),
        Arguments.of("chunk data ended by a bare LF", "1\r\nx\n0\r\n\r\n"),
        Arguments.of("chunk data ended by a bare CR", "1\r\nx\r0\r\n\r\n"),
        Arguments.of("chunk extension without a name", "1;\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk extension with a control", "1;a=\"\u0001\"\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk extension unterminated quote", "1;a=\"b\r\nx\r\n0\r\n\r\n"),
        Arguments.of("chunk line over the limit", "1;" + "a".repeat(5000) + "\r\nx\r\n0\r\n\r\n"),
        Arguments.of("last chunk with a bare LF", "0\r\n\n"),
        Arguments.of("trailer with obs-fold", "0\r\nA: 1\r\n 2\r\n\r\n"),
        Arguments.of("trailer with Content-Length", "0\r\nContent-Length: 5\r\n\r\n"),
        Arguments.of("trailer with a NUL", "0\r\nA: 1\0\r\n\r\n"),
        Arguments.of("trailer without a colon", "0\r\nNoColon\r\n\r\n"),
        Arguments.of("trailer ended by a bare LF", "0\r\nA: 1\n\r\n"),
        Arguments.of("trailers over the limit", "0\r\nA: " + "x".repeat(9000) + "\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenBodies")
  void framingErrorInADiscardedBodyClosesWithoutASecondResponse(String name, String body) {
    String head = "GET /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (boolean oneByteAtATime : new boolean[] {false, true}) {
      Answering root = new Answering();
      Harness h = new Harness(root);
      h.transport.receive(head);
      assertThat(h.out()).startsWith("HTTP/1.1 200 ").endsWith("page /x");
      String rest = body + NEXT;
      if (oneByteAtATime) {
        for (int i = 0; i < rest.length() && !h.transport.disconnecting(); i++) {
          h.transport.receive(rest.substring(i, i + 1));
        }
      } else {
        h.transport.receive(rest);
      }
      assertThat(Harness.count(h.out(), "HTTP/1.1 ")).as("status lines").isEqualTo(1);
      assertThat(h.transport.disconnecting()).as("closed").isTrue();
      assertThat(root.seen).containsExactly("/x");
    }
  }
}
