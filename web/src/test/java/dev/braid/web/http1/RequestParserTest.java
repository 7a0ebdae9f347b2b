package dev.braid.web.http1;

import static dev.braid.web.http1.Events.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@BraidTest
class RequestParserTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(7, 4);

  private static void assertParses(String input, HttpLimits limits, HttpEvent... expected) {
    ALL_WAYS.forEachSplit(
        ByteString.encode(input, StandardCharsets.ISO_8859_1),
        split -> {
          var parser = new RequestParser(limits);
          var pulling = new RequestParser(limits);
          List<RequestEvent> events = new ArrayList<>();
          List<RequestEvent> pulled = new ArrayList<>();
          split.feed(
              chunk -> {
                ByteBuffer same = chunk.duplicate();
                parser.feed(chunk, events::add);
                for (Optional<RequestEvent> e; (e = pulling.next(same)).isPresent(); ) {
                  pulled.add(e.get());
                }
              });
          assertThat(Events.merged(events)).containsExactly(expected);
          assertThat(parser.inProgress()).isFalse();
          assertThat(pulled).as("one event at a time with next").isEqualTo(events);
          assertThat(pulling.bufferedBytes()).isZero();
        });
  }

  private static void assertParses(String input, HttpEvent... expected) {
    assertParses(input, HttpLimits.DEFAULT, expected);
  }

  private static RequestHead get(String target, String... headers) {
    return new RequestHead("GET", target, HttpVersion.HTTP_1_1, HttpHeaders.of(headers));
  }

  @Test
  void simpleGetIsOneHeadAndAnEndWithoutBody() {
    assertParses(
        "GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n",
        get("/index.html?q=1", "Host", "example.com", "Accept", "*/*"),
        MessageEnd.of());
  }

  @Test
  void linesOfExactlyTheLimitParseAndOneByteMoreIsRefusedInEverySplit() {
    String target = "/" + "a".repeat(100);
    String line = "GET " + target + " HTTP/1.1";
    String field = "Host: " + "h".repeat(150);
    HttpLimits limits =
        HttpLimits.DEFAULT
            .withMaxStartLine(line.length())
            .withMaxHeaderBytes(field.length() + 2); // the field line and its CRLF
    assertParses(
        line + "\r\n" + field + "\r\n\r\n",
        limits,
        get(target, "Host", "h".repeat(150)),
        MessageEnd.of());
    assertRefused(line.replace(" HTTP", "a HTTP") + "\r\n" + field + "\r\n\r\n", limits, 414);
    assertRefused(line + "\r\n" + field + "h\r\n\r\n", limits, 431);
  }

  private static void assertRefused(String input, HttpLimits limits, int status) {
    ALL_WAYS.forEachSplit(
        ByteString.encode(input, StandardCharsets.ISO_8859_1),
        split -> {
          var parser = new RequestParser(limits);
          List<RequestEvent> events = new ArrayList<>();
          assertThatThrownBy(() -> split.feed(chunk -> parser.feed(chunk, events::add)))
              .isInstanceOfSatisfying(
                  HttpParseException.class, e -> assertThat(e.status()).isEqualTo(status));
          assertThat(events).isEmpty();
        });
  }

  @Test
  void contentLengthBodyIsDelivered() {
    assertParses(
        "POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world",
        new RequestHead(
            "POST",
            "/form",
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Host", "h", "Content-Length", "11")),
        body("hello world"),
        MessageEnd.of());
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailersIsDecoded() {
    assertParses(
        "PUT /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=value;flag\r\nhello\r\n"
            + "6 ; q=\"a \\\"b\\\"\"\r\n world\r\n"
            + "0\r\nChecksum: abc\r\nX-Other: 1\r\n\r\n",
        new RequestHead(
            "PUT",
            "/up",
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Host", "h", "Transfer-Encoding", "chunked")),
        body("hello world"),
        new MessageEnd(HttpHeaders.of("Checksum", "abc", "X-Other", "1")));
  }

  @Test
  void headerValuesAreTrimmedAndKeepTheirNameCase() {
    assertParses(
        "GET / HTTP/1.1\r\nhOsT:   h  \r\nX-Empty:\r\nX-Tab:\ta\tb\t\r\n\r\n",
        get("/", "hOsT", "h", "X-Empty", "", "X-Tab", "a\tb"),
        MessageEnd.of());
  }

  @Test
  void obsTextInValuesIsKeptAsLatin1() {
    assertParses(
        "GET / HTTP/1.1\r\nHost: h\r\nX-Name: caf\u00e9\r\n\r\n",
        get("/", "Host", "h", "X-Name", "caf\u00e9"),
        MessageEnd.of());
  }

  @Test
  void pipelinedRequestsAreParsedInOrder() {
    assertParses(
        "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
            + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n",
        get("/a", "Host", "h"),
        MessageEnd.of(),
        new RequestHead(
            "POST", "/b", HttpVersion.HTTP_1_1, HttpHeaders.of("Host", "h", "Content-Length", "3")),
        body("abc"),
        MessageEnd.of(),
        get("/c", "Host", "h"),
        MessageEnd.of());
  }

  @Test
  void emptyLinesBeforeARequestLineAreSkipped() {
    assertParses(
        "GET /a HTTP/1.1\r\nHost: h\r\n\r\n\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n",
        get("/a", "Host", "h"),
        MessageEnd.of(),
        get("/b", "Host", "h"),
        MessageEnd.of());
  }

  @Test
  void otherRequestTargetFormsAreAccepted() {
    assertParses(
        "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n"
            + "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
            + "GET http://example.com/a%20b HTTP/1.1\r\nHost: example.com\r\n\r\n"
            + "GET / HTTP/1.0\r\n\r\n",
        new RequestHead("OPTIONS", "*", HttpVersion.HTTP_1_1, HttpHeaders.of("Host", "h")),
        MessageEnd.of(),
        new RequestHead(
            "CONNECT",
            "example.com:443",
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Host", "example.com:443")),
        MessageEnd.of(),
        get("http://example.com/a%20b", "Host", "example.com"),
        MessageEnd.of(),
        new RequestHead("GET", "/", HttpVersion.HTTP_1_0, HttpHeaders.empty()),
        MessageEnd.of());
  }

  @Test
  void zeroContentLengthEndsAtOnce() {
    assertParses(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0000\r\n\r\n",
        new RequestHead(
            "POST",
            "/",
            HttpVersion.HTTP_1_1,
            HttpHeaders.of("Host", "h", "Content-Length", "0000")),
        MessageEnd.of());
  }

  @Test
  void allowBodyLiftsTheLimitForTheCurrentRequestOnly() throws Exception {
    var parser = new RequestParser(HttpLimits.DEFAULT.withMaxBody(4));
    List<RequestEvent> events = new ArrayList<>();
    String big = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n0123456789";
    parser.feed(
        ByteBuffer.wrap(ByteString.ascii(big).toByteArray()),
        event -> {
          if (event instanceof RequestHead) {
            parser.allowBody(10);
          }
          events.add(event);
        });
    assertThat(Events.merged(events)).hasSize(3).contains(body("0123456789"));

    assertThatThrownBy(
            () -> parser.feed(ByteBuffer.wrap(ByteString.ascii(big).toByteArray()), events::add))
        .isInstanceOfSatisfying(
            HttpParseException.class, e -> assertThat(e.status()).isEqualTo(413));
  }

  @Test
  void pauseReturnsRightAfterTheEventAndLeavesTheRestInTheBuffer() throws Exception {
    var parser = new RequestParser();
    String first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n";
    String second = "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
    ByteBuffer buffer = ByteBuffer.wrap(ByteString.ascii(first + second).toByteArray());
    List<RequestEvent> events = new ArrayList<>();
    parser.feed(
        buffer,
        event -> {
          events.add(event);
          if (event instanceof MessageEnd) {
            parser.pause();
          }
        });
    assertThat(events).containsExactly(get("/a", "Host", "h"), MessageEnd.of());
    assertThat(buffer.position()).isEqualTo(first.length());

    parser.feed(buffer, events::add);
    assertThat(events).hasSize(4);
    assertThat(buffer.hasRemaining()).isFalse();
  }

  @Test
  void pauseAfterTheHeadDefersTheBodyLimitCheckUntilFeedGoesOn() throws Exception {
    var parser = new RequestParser(HttpLimits.DEFAULT.withMaxBody(1));
    ByteBuffer buffer =
        ByteBuffer.wrap(
            ByteString.ascii("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nab")
                .toByteArray());
    List<RequestEvent> events = new ArrayList<>();
    parser.feed(
        buffer,
        event -> {
          events.add(event);
          parser.pause();
        });
    assertThat(events).hasSize(1);
    parser.allowBody(2);
    parser.feed(buffer, events::add);
    assertThat(Events.merged(events)).endsWith(body("ab"), MessageEnd.of());
  }

  @Test
  void afterAnErrorEveryFeedFailsAndNoLaterRequestIsParsed() {
    var parser = new RequestParser();
    List<RequestEvent> events = new ArrayList<>();
    ByteBuffer bad =
        ByteBuffer.wrap(
            ByteString.ascii(
                    "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\nxGET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n")
                .toByteArray());
    assertThatThrownBy(() -> parser.feed(bad, events::add)).isInstanceOf(HttpParseException.class);
    assertThatThrownBy(() -> parser.feed(bad, events::add)).isInstanceOf(HttpParseException.class);
    assertThatThrownBy(
            () ->
                parser.feed(
                    ByteBuffer.wrap(
                        ByteString.ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n").toByteArray()),
                    events::add))
        .isInstanceOf(HttpParseException.class);
    assertThat(events).isEmpty();
    assertThat(parser.failed()).isTrue();
  }

  @Test
  void inProgressIsTrueInTheMiddleOfARequest() throws Exception {
    var parser = new RequestParser();
    parser.feed(ByteBuffer.wrap(ByteString.ascii("GET / HT").toByteArray()), event -> {});
    assertThat(parser.inProgress()).isTrue();
  }

  @Test
  void nextStopsAfterEachEventAndBufferedBytesCountsTheHeadHeldWithinItsLimit() throws Exception {
    var parser = new RequestParser(HttpLimits.DEFAULT.withMaxHeaderBytes(64));
    ByteBuffer start =
        ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: h".getBytes(StandardCharsets.US_ASCII));
    assertThat(parser.next(start)).isEmpty();
    assertThat(start.hasRemaining()).isFalse();
    assertThat(parser.bufferedBytes()).isEqualTo("Host: h".length());
    ByteBuffer rest =
        ByteBuffer.wrap("\r\n\r\nGET /2 HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(parser.next(rest)).contains(get("/", "Host", "h"));
    assertThat(parser.next(rest)).contains(MessageEnd.of());
    assertThat(rest.remaining()).as("the pipelined request is left").isEqualTo(17);
    assertThat(parser.bufferedBytes()).isZero();
    assertThat(parser.next(rest)).isEmpty();
    assertThat(parser.bufferedBytes()).isZero(); // the start line is parsed; no field yet
    ByteBuffer longField =
        ByteBuffer.wrap(("X: " + "y".repeat(80)).getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> parser.next(longField))
        .isInstanceOfSatisfying(
            HttpParseException.class, e -> assertThat(e.status()).isEqualTo(431));
    assertThat(parser.bufferedBytes()).isLessThanOrEqualTo(64);
  }
}
