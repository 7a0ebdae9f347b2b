package dev.braid.web.http1;

import static dev.braid.web.http1.Events.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@BraidTest
class ResponseParserTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(11, 4);

  /** Parses every split of {@code input} as answers to {@code methods}, then ends the input. */
  private static void assertParses(List<String> methods, String input, HttpEvent... expected) {
    ALL_WAYS.forEachSplit(
        ByteString.ascii(input),
        split -> {
          var parser = new ResponseParser();
          var pulling = new ResponseParser();
          methods.forEach(parser::requestSent);
          methods.forEach(pulling::requestSent);
          List<ResponseEvent> events = new ArrayList<>();
          List<ResponseEvent> pulled = new ArrayList<>();
          split.feed(
              chunk -> {
                ByteBuffer same = chunk.duplicate();
                parser.feed(chunk, events::add);
                for (Optional<ResponseEvent> e; (e = pulling.next(same)).isPresent(); ) {
                  pulled.add(e.get());
                }
              });
          parser.endOfInput(events::add);
          pulling.endOfInput(pulled::add);
          assertThat(Events.merged(events)).containsExactly(expected);
          assertThat(pulled).as("one event at a time with next").isEqualTo(events);
        });
  }

  private static ResponseHead ok(String... headers) {
    return new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK", HttpHeaders.of(headers));
  }

  @Test
  void contentLengthResponseIsDelivered() {
    assertParses(
        List.of("GET"),
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        ok("Content-Length", "5"),
        body("hello"),
        MessageEnd.of());
  }

  @Test
  void chunkedResponseWithTrailersIsDecoded() {
    assertParses(
        List.of("GET"),
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
        ok("Transfer-Encoding", "chunked"),
        body("abc"),
        new MessageEnd(HttpHeaders.of("X-T", "1")));
  }

  @Test
  void bodyWithoutLengthLastsUntilTheConnectionCloses() {
    assertParses(
        List.of("GET"),
        "HTTP/1.0 200 OK\r\nServer: x\r\n\r\nall of this",
        new ResponseHead(HttpVersion.HTTP_1_0, 200, "OK", HttpHeaders.of("Server", "x")),
        body("all of this"),
        MessageEnd.of());
  }

  @Test
  void responseToHeadHasNoBodyDespiteContentLength() {
    assertParses(
        List.of("HEAD", "GET"),
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx",
        ok("Content-Length", "5"),
        MessageEnd.of(),
        ok("Content-Length", "1"),
        body("x"),
        MessageEnd.of());
  }

  @Test
  void noContentAndNotModifiedHaveNoBody() {
    assertParses(
        List.of("GET", "GET"),
        "HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n",
        new ResponseHead(HttpVersion.HTTP_1_1, 204, "No Content", HttpHeaders.empty()),
        MessageEnd.of(),
        new ResponseHead(
            HttpVersion.HTTP_1_1, 304, "Not Modified", HttpHeaders.of("Content-Length", "9")),
        MessageEnd.of());
  }

  @Test
  void interimResponsesAreReportedBeforeTheFinalOne() {
    assertParses(
        List.of("POST"),
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
            + "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
        new InterimResponse(
            new ResponseHead(HttpVersion.HTTP_1_1, 100, "Continue", HttpHeaders.empty())),
        new InterimResponse(
            new ResponseHead(
                HttpVersion.HTTP_1_1, 103, "Early Hints", HttpHeaders.of("Link", "</a>"))),
        new ResponseHead(
            HttpVersion.HTTP_1_1, 201, "Created", HttpHeaders.of("Content-Length", "0")),
        MessageEnd.of());
  }

  @Test
  void statusLineWithoutReasonIsAccepted() {
    assertParses(
        List.of("GET", "GET"),
        "HTTP/1.1 404\r\nContent-Length: 0\r\n\r\nHTTP/1.1 500 \r\nContent-Length: 0\r\n\r\n",
        new ResponseHead(HttpVersion.HTTP_1_1, 404, "", HttpHeaders.of("Content-Length", "0")),
        MessageEnd.of(),
        new ResponseHead(HttpVersion.HTTP_1_1, 500, "", HttpHeaders.of("Content-Length", "0")),
        MessageEnd.of());
  }

  @Test
  void connectSuccessTurnsTheConnectionIntoATunnelAndLeavesItsBytes() throws Exception {
    var parser = new ResponseParser();
    parser.requestSent("CONNECT");
    ByteBuffer buffer =
        ByteBuffer.wrap(
            ByteString.ascii("HTTP/1.1 200 Connection established\r\n\r\nTLS...").toByteArray());
    List<ResponseEvent> events = new ArrayList<>();
    parser.feed(buffer, events::add);
    assertThat(events).hasSize(2).last().isEqualTo(MessageEnd.of());
    assertThat(parser.finished()).isTrue();
    assertThat(ByteString.copyOf(buffer)).isEqualTo(ByteString.ascii("TLS..."));
  }

  @Test
  void switchingProtocolsEndsHttpParsing() throws Exception {
    var parser = new ResponseParser();
    ByteBuffer buffer =
        ByteBuffer.wrap(
            ByteString.ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nframes")
                .toByteArray());
    List<ResponseEvent> events = new ArrayList<>();
    parser.feed(buffer, events::add);
    assertThat(parser.finished()).isTrue();
    assertThat(buffer.remaining()).isEqualTo("frames".length());
  }

  @Test
  void connectionClosedInTheMiddleOfABodyIsAnError() throws Exception {
    var parser = new ResponseParser();
    List<ResponseEvent> events = new ArrayList<>();
    parser.feed(
        ByteBuffer.wrap(
            ByteString.ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel").toByteArray()),
        events::add);
    assertThatThrownBy(() -> parser.endOfInput(events::add))
        .isInstanceOfSatisfying(
            HttpParseException.class, e -> assertThat(e.status()).isEqualTo(502));
  }

  @Test
  void malformedResponsesFailWith502() {
    for (String input :
        List.of(
            "HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 20 OK\r\n\r\n",
            "HTTP/1.1 2000 OK\r\n\r\n",
            "HTTP/1.1  200 OK\r\n\r\n",
            "HTTP/2 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
            "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
            "HTTP/1.1 200 OK\r\nBad Name: 1\r\n\r\n",
            "\r\nHTTP/1.1 200 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n")) {
      var parser = new ResponseParser();
      assertThatThrownBy(
              () -> parser.feed(ByteBuffer.wrap(ByteString.ascii(input).toByteArray()), e -> {}))
          .as(input)
          .isInstanceOfSatisfying(
              HttpParseException.class, e -> assertThat(e.status()).isEqualTo(502));
    }
  }
}
