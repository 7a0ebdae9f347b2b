package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class HttpChannelTest {
  /** Answers GET with "hello"; /slow waits for the test to fire {@code later}. */
  static final class Hello extends MethodResource {
    final List<String> seen = new ArrayList<>();
    Deferred<Void> later = new Deferred<>();

    @Override
    public Resource getChild(String segment, Request request) {
      return this;
    }

    @Override
    protected Deferred<Void> get(Request request) {
      seen.add(request.path());
      if (request.path().equals("/slow")) {
        return later.addCallback(
            v -> {
              request.respond(200, "text/plain", ByteString.utf8("slow"));
              return null;
            });
      }
      if (request.path().equals("/boom")) {
        throw new IllegalStateException("boom <script>");
      }
      return request.respond(200, "text/plain", ByteString.utf8("hello " + request.path()));
    }

    @Override
    protected Deferred<Void> post(Request request) {
      seen.add("POST " + request.path());
      return request
          .body()
          .addDeferredCallback(
              body -> request.respond(200, "text/plain", ByteString.utf8("got " + body.utf8())));
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredStrictlyInOrder() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /fast HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).isEmpty();
    assertThat(hello.seen).containsExactly("/slow");
    hello.later.callback(null);
    String out = h.out();
    assertThat(out.indexOf("slow")).isLessThan(out.indexOf("hello /fast"));
    assertThat(Harness.count(out, "HTTP/1.1 200 OK")).isEqualTo(2);
    assertThat(h.transport.disconnecting()).isFalse();
  }

  @Test
  void fullPipelineQueueStopsReadingUntilAResponseIsSent() {
    Hello hello = new Hello();
    Harness h = new Harness(hello, SiteSettings.defaults().withMaxPipelined(2));
    h.transport.receive(
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\nGET /c HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.transport.readingPaused()).isTrue();
    hello.later.callback(null);
    assertThat(h.transport.readingPaused()).isFalse();
    assertThat(hello.seen).containsExactly("/slow", "/b", "/c");
    assertThat(Harness.count(h.out(), "HTTP/1.1 200 OK")).isEqualTo(3);
  }

  @Test
  void pipelineFilledByARequestWithoutBodyAnswersItWhenItsTurnComes() {
    // the queue fills on the last head the client sent: no byte follows to carry its end
    Hello hello = new Hello();
    Harness h = new Harness(hello, SiteSettings.defaults().withMaxPipelined(2));
    h.transport.receive("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.transport.readingPaused()).isTrue();
    hello.later.callback(null);
    assertThat(hello.seen).containsExactly("/slow", "/b");
    assertThat(h.out()).endsWith("hello /b");
    assertThat(h.transport.readingPaused()).isFalse();
    h.transport.receive("GET /c HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).endsWith("hello /c");
  }

  /** Reads the body as it comes and pauses the connection on the first piece. */
  static final class PausingReader implements Resource {
    final List<String> pieces = new ArrayList<>();
    Request request;

    @Override
    public Deferred<Void> render(Request r) {
      request = r;
      r.readBody(
          new BodyConsumer() {
            @Override
            public void bodyData(java.nio.ByteBuffer data) {
              pieces.add(java.nio.charset.StandardCharsets.UTF_8.decode(data).toString());
              if (pieces.size() == 1) {
                r.pauseBody();
              }
            }

            @Override
            public void bodyEnd() {
              r.respond(200, "text/plain", ByteString.utf8("read " + pieces));
            }
          });
      return Deferred.succeed(null);
    }
  }

  @Test
  void bodyPausedOnItsLastBytesEndsWhenResumedThoughNoMoreBytesCome() {
    PausingReader reader = new PausingReader();
    Harness h = new Harness(reader);
    h.transport.receive("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
    assertThat(h.transport.readingPaused()).isTrue();
    assertThat(h.out()).isEmpty();
    reader.request.resumeBody();
    assertThat(reader.pieces).containsExactly("abc");
    assertThat(h.out()).startsWith("HTTP/1.1 200 ").endsWith("read [abc]");
    assertThat(h.transport.readingPaused()).isFalse();
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(h.transport.disconnecting()).isFalse();
  }

  @Test
  void chunkedBodyPausedOnItsLastChunkEndsWhenResumed() {
    PausingReader reader = new PausingReader();
    Harness h = new Harness(reader);
    h.transport.receive(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    assertThat(h.out()).isEmpty();
    reader.request.resumeBody();
    assertThat(h.out()).endsWith("read [abc]");
  }

  @Test
  void keptAliveConnectionClosesAfterIdleTimeout() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 200 OK\r\n");
    h.clock.advance(Duration.ofSeconds(59));
    assertThat(h.transport.disconnecting()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void idleTimeoutCountsFromTheLastResponseWhenRequestsKeepComing() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofSeconds(30));
    h.transport.receive("GET /b HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofSeconds(45));
    h.transport.receive("GET /c HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(Harness.count(h.out(), "HTTP/1.1 200 OK")).isEqualTo(3);
    h.clock.advance(Duration.ofMillis(59_999));
    assertThat(h.transport.disconnecting()).isFalse();
    h.clock.advance(Duration.ofMillis(1));
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void idleTimeoutDoesNotCloseAConnectionWhoseRequestIsStillBeingAnswered() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofSeconds(50));
    h.transport.receive("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofSeconds(100));
    assertThat(h.transport.disconnecting()).isFalse();
    hello.later.callback(null);
    assertThat(h.out()).contains("slow");
    h.clock.advance(Duration.ofSeconds(59));
    assertThat(h.transport.disconnecting()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void smallWholeResponseGoesOutAsOneWriteWithItsHead() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.transport.writes()).hasSize(1);
    assertThat(h.out())
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 8\r\n"
                + "Date: Fri, 02 Jan 2026 03:04:05 GMT\r\nServer: Braid\r\n\r\nhello /x");
  }

  @Test
  void headerValueCharacterBeyondLatin1IsSentAsQuestionMarkNeverAsAControlByte() {
    Harness h =
        new Harness(
            new MethodResource() {
              @Override
              protected Deferred<Void> get(Request request) {
                // U+010A would be 0x0A (LF) if only its low byte were kept
                request.setHeader("X-Name", "a\u010Ab");
                return request.respond(200, "text/plain", ByteString.utf8("ok"));
              }
            });
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).contains("\r\nX-Name: a?b\r\n");
  }

  @Test
  void headersNotFinishedWithinTwentySecondsGet408AndClose() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\n");
    h.clock.advance(Duration.ofSeconds(19));
    assertThat(h.out()).isEmpty();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.out())
        .startsWith("HTTP/1.1 408 Request Timeout\r\n")
        .contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void continueIsSentOnlyWhenTheResourceReadsTheBody() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    assertThat(h.take()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
    h.transport.receive("abc");
    assertThat(h.out()).startsWith("HTTP/1.1 200 OK").endsWith("got abc");
  }

  @Test
  void noContinueIsSentWhenTheResourceAnswersWithoutReadingAndTheConnectionCloses() {
    Harness h = new Harness(new Hello());
    h.transport.receive(
        "GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
    assertThat(h.out())
        .doesNotContain("100 Continue")
        .startsWith("HTTP/1.1 200 OK")
        .contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void unknownExpectationGets417() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 417 Expectation Failed");
  }

  @Test
  void headGetsTheHeadersOfGetWithoutTheBody() {
    Harness h = new Harness(new Hello());
    h.transport.receive("HEAD /x HTTP/1.1\r\nHost: a\r\n\r\n");
    String out = h.out();
    assertThat(out)
        .startsWith("HTTP/1.1 200 OK")
        .contains("Content-Length: 8\r\n")
        .endsWith("\r\n\r\n");
  }

  @Test
  void methodNotImplementedByTheResourceGets405WithAllow() {
    Harness h = new Harness(new Hello());
    h.transport.receive("DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out())
        .startsWith("HTTP/1.1 405 Method Not Allowed")
        .contains("Allow: GET, HEAD, POST, OPTIONS\r\n");
  }

  @Test
  void optionsStarAnswersWithAllow() {
    Harness h = new Harness(new Hello());
    h.transport.receive("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 204 No Content").contains("Allow: ");
  }

  @Test
  void exceptionInResourceGives500WithoutTraceAndIsLogged() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out())
        .startsWith("HTTP/1.1 500 Internal Server Error")
        .doesNotContain("boom")
        .doesNotContain("IllegalStateException");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    assertThat(h.transport.disconnecting()).isFalse();
  }

  @Test
  void showTracebacksPutsTheEscapedTraceOnThe500Page() {
    Harness h = new Harness(new Hello(), SiteSettings.defaults().withShowTracebacks(true));
    h.transport.receive("GET /boom HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).contains("boom &lt;script&gt;").doesNotContain("<script>");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  @Test
  void parseErrorIsAnsweredWithItsStatusAndCloses() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\nGET /second HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(hello.seen).isEmpty();
  }

  @Test
  void parseErrorAfterAPendingRequestIsAnsweredAfterIt() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n");
    assertThat(h.out()).isEmpty();
    hello.later.callback(null);
    String out = h.out();
    assertThat(out.indexOf("200 OK")).isLessThan(out.indexOf("400 Bad Request"));
    assertThat(hello.seen).containsExactly("/slow");
  }

  @Test
  void http10ClosesAfterTheResponseUnlessKeepAliveIsAsked() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET / HTTP/1.0\r\n\r\n");
    assertThat(h.out()).contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
    Harness k = new Harness(new Hello());
    k.transport.receive("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    assertThat(k.out()).contains("Connection: keep-alive");
    assertThat(k.transport.disconnecting()).isFalse();
  }

  @Test
  void connectionCloseFromTheClientClosesAfterTheResponse() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    assertThat(h.out()).contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void responseOfUnknownLengthIsChunked() {
    Resource streaming =
        request -> {
          request.setHeader("Content-Type", "application/octet-stream");
          request.write("abc");
          request.write("de");
          request.finish();
          return Deferred.succeed(null);
        };
    Harness h = new Harness(streaming);
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out())
        .contains("Transfer-Encoding: chunked\r\n")
        .endsWith("\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  }

  @Test
  void dateAndServerHeadersAreSent() {
    Harness h = new Harness(new Hello());
    h.transport.receive("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out())
        .contains("Date: Fri, 02 Jan 2026 03:04:05 GMT\r\n")
        .contains("Server: Braid\r\n");
  }

  @Test
  void bodyLargerThanTheLimitGets413AndClose() {
    Harness h = new Harness(new Hello(), SiteSettings.defaults().withMaxBody(4));
    h.transport.receive("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789");
    assertThat(h.out()).startsWith("HTTP/1.1 413 ").contains("Connection: close");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void chunkedRequestBodyIsReadWhole() {
    Harness h = new Harness(new Hello());
    h.transport.receive(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
    assertThat(h.out()).endsWith("got abcde");
  }

  @Test
  void slowBodyGets408() {
    Harness h = new Harness(new Hello());
    h.transport.receive("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\nabc");
    h.clock.advance(Duration.ofSeconds(10));
    assertThat(h.out()).startsWith("HTTP/1.1 408 ");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void freshConnectionSendingNothingGets408AfterTheHeadersTimeout() {
    Harness h = new Harness(new Hello());
    h.clock.advance(Duration.ofSeconds(20));
    assertThat(h.out()).startsWith("HTTP/1.1 408 ");
    assertThat(h.transport.disconnecting()).isTrue();
  }

  @Test
  void everyPieceWorksWhenBytesArriveOneAtATime() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    String input =
        "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\nHost: a\r\n\r\n";
    for (char c : input.toCharArray()) {
      h.transport.receive(String.valueOf(c));
    }
    assertThat(h.out()).contains("got hi").endsWith("hello /b");
  }

  @Test
  void bodyOfAQueuedRequestWaitsUnreadUntilItsTurn() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab");
    assertThat(h.transport.readingPaused()).isTrue();
    h.transport.receive("cd");
    assertThat(hello.seen).containsExactly("/slow");
    hello.later.callback(null);
    assertThat(h.out()).contains("slow").endsWith("got abcd");
    assertThat(h.transport.readingPaused()).isFalse();
  }

  @Test
  void unreadBodyIsDroppedAndTheNextRequestIsAnswered() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nab");
    assertThat(h.out()).endsWith("hello /x");
    h.transport.receive("cdeGET /y HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).endsWith("hello /y");
    assertThat(hello.seen).containsExactly("/x", "/y");
  }

  /** One request, one status line: the 200 is its answer, and a 400 after it would be a second. */
  @Test
  void brokenBodyOfAnAnsweredRequestClosesWithoutASecondResponse() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive("GET /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    assertThat(h.take()).endsWith("hello /x");
    h.transport.receive("zz\r\nGET /y HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).isEmpty();
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(hello.seen).containsExactly("/x");
  }

  @Test
  void brokenBodyOfAQueuedRequestFailsItsBodyReadWith400AfterThePreviousResponse() {
    Hello hello = new Hello();
    Harness h = new Harness(hello);
    h.transport.receive(
        "GET /slow HTTP/1.1\r\nHost: a\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n");
    h.transport.receive("zz\r\n");
    hello.later.callback(null);
    String out = h.out();
    assertThat(out.indexOf("slow")).isLessThan(out.indexOf("HTTP/1.1 400 "));
    assertThat(out).doesNotContain("got ");
    assertThat(hello.seen).containsExactly("/slow", "POST /p");
    assertThat(h.transport.disconnecting()).isTrue();
  }
}
