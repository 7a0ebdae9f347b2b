package dev.braid.web.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every framing rule of RFC 9112 the request parser enforces, each with the status it answers. Each
 * input ends with a valid request that must never be reported: nothing after an error counts.
 */
@BraidTest
class MalformedRequestTest {
  private static final String NEXT = "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
  private static final HttpLimits SMALL =
      HttpLimits.DEFAULT
          .withMaxStartLine(64)
          .withMaxHeaderBytes(128)
          .withMaxHeaderCount(4)
          .withMaxBody(16)
          .withMaxChunkLine(32)
          .withMaxTrailerBytes(48);

  static Stream<Arguments> malformed() {
    String chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    String x40 = "x".repeat(40);
    return Stream.of(
        // line endings and bytes
        bad("bare LF in the request line", "GET / HTTP/1.1\nHost: h\r\n\r\n", 400, 0),
        bad("bare LF ending a header", "GET / HTTP/1.1\r\nHost: h\n\r\n", 400, 0),
        bad("bare CR in a header value", "GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n", 400, 0),
        bad("NUL in a header value", "GET / HTTP/1.1\r\nHost: h\0\r\n\r\n", 400, 0),
        bad("NUL in the target", "GET /\0 HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("bare LF ending the head", "GET / HTTP/1.1\r\nHost: h\r\n\n", 400, 0),
        // request line
        bad("two spaces after the method", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("tab as separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("trailing space after the version", "GET / HTTP/1.1 \r\nHost: h\r\n\r\n", 400, 0),
        bad("missing version", "GET /\r\nHost: h\r\n\r\n", 400, 0),
        bad("space inside the target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("leading space", " GET / HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("method not a token", "G(T / HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("non-ASCII in the target", "GET /\u00e9 HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("fragment in the target", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("bad percent escape", "GET /a%zz HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("asterisk with GET", "GET * HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("relative target", "GET a/b HTTP/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("lowercase version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400, 0),
        bad("malformed version", "GET / HTTP/1.10\r\nHost: h\r\n\r\n", 400, 0),
        bad("HTTP/2.0", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505, 0),
        bad("HTTP/1.2", "GET / HTTP/1.2\r\nHost: h\r\n\r\n", 505, 0),
        bad("HTTP/0.9 style", "GET /\r\n\r\n", 400, 0),
        bad("request line over the limit", "GET /" + "a".repeat(80) + " HTTP/1.1\r\n\r\n", 414, 0),
        // header fields
        bad("space before the colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n", 400, 0),
        bad("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n", 400, 0),
        bad("whitespace before the first field", "GET / HTTP/1.1\r\n Host: h\r\n\r\n", 400, 0),
        bad("field without a colon", "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n", 400, 0),
        bad("empty field name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n", 400, 0),
        bad("non-token field name", "GET / HTTP/1.1\r\nHost: h\r\nX[1]: v\r\n\r\n", 400, 0),
        bad("control char in a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u0001b\r\n\r\n", 400, 0),
        bad("DEL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u007fb\r\n\r\n", 400, 0),
        bad("missing Host in HTTP/1.1", "GET / HTTP/1.1\r\nX: y\r\n\r\n", 400, 0),
        bad("two Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, 0),
        bad(
            "too many fields",
            "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n",
            431,
            0),
        bad(
            "header block over the limit",
            "GET / HTTP/1.1\r\nHost: h\r\nA: "
                + x40
                + "\r\nB: "
                + x40
                + "\r\nC: "
                + x40
                + "\r\n\r\n",
            431,
            0),
        // Content-Length
        bad("CL with a sign", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\nx", 400, 0),
        bad("CL negative", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\nx", 400, 0),
        bad("CL hex", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x1\r\n\r\nx", 400, 0),
        bad("CL empty", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n", 400, 0),
        bad("CL list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1,1\r\n\r\nx", 400, 0),
        bad(
            "CL with inner space",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1 1\r\n\r\nx",
            400,
            0),
        bad(
            "identical duplicate CL",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx",
            400,
            0),
        bad(
            "conflicting CL",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx",
            400,
            0),
        bad(
            "CL overflowing a long",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n",
            400,
            0),
        bad(
            "CL over the body limit",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 17\r\n\r\n",
            413,
            1),
        // Transfer-Encoding
        bad(
            "CL and TE",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE gzip then chunked",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE chunked twice",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE chunked not final",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE with a parameter",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked;q=1\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE empty element",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked,\r\n\r\n0\r\n\r\n",
            400,
            0),
        bad(
            "TE unknown coding",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: foo\r\n\r\n",
            501,
            0),
        bad(
            "TE misspelt chunked",
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunk\r\n\r\n",
            501,
            0),
        bad(
            "TE in HTTP/1.0",
            "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            400,
            0),
        // chunked body
        bad("chunk size not hex", chunked + "g\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk size with a sign", chunked + "+1\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk size with 0x", chunked + "0x1\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk size empty", chunked + "\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk size overflowing", chunked + "10000000000000000\r\n", 400, 1),
        bad("chunk size over the body limit", chunked + "11\r\n", 413, 1),
        bad("chunks adding up over the body limit", chunked + "8\r\n12345678\r\n9\r\n", 413, 1),
        bad("chunk size with a bare LF", chunked + "1\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk data longer than its size", chunked + "1\r\nxy\r\n0\r\n\r\n", 400, 1),
        bad("chunk data without CRLF", chunked + "1\r\nx0\r\n\r\n", 400, 1),
        bad("chunk extension without a name", chunked + "1;\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk extension with a control", chunked + "1;a=\"\u0001\"\r\nx\r\n0\r\n\r\n", 400, 1),
        bad("chunk extension unterminated quote", chunked + "1;a=\"b\r\nx\r\n0\r\n\r\n", 400, 1),
        bad(
            "chunk line over the limit",
            chunked + "1;" + "a".repeat(40) + "\r\nx\r\n0\r\n\r\n",
            400,
            1),
        bad("trailer with obs-fold", chunked + "0\r\nA: 1\r\n 2\r\n\r\n", 400, 1),
        bad("trailer with Content-Length", chunked + "0\r\nContent-Length: 5\r\n\r\n", 400, 1),
        bad(
            "trailers over the limit",
            chunked + "0\r\nA: " + x40 + "\r\nB: " + x40 + "\r\n\r\n",
            431,
            1),
        bad("last chunk with a bare LF", chunked + "0\r\n\n", 400, 1));
  }

  private static Arguments bad(String name, String input, int status, int heads) {
    return Arguments.of(name, input, status, heads);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("malformed")
  void malformedRequestIsRefusedWithItsStatusAndNothingAfterIt(
      String name, String input, int status, int heads) {
    ProtocolFeeder.standard()
        .forEachSplit(
            ByteString.encode(input + NEXT, StandardCharsets.ISO_8859_1),
            split -> {
              var parser = new RequestParser(SMALL);
              List<RequestEvent> events = new ArrayList<>();
              try {
                split.feed(chunk -> parser.feed(chunk, events::add));
                fail("no error for " + name + ", events " + events);
              } catch (HttpParseException e) {
                assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
              }
              assertThat(events.stream().filter(RequestHead.class::isInstance)).hasSize(heads);
              assertThat(events).noneMatch(MessageEnd.class::isInstance);
              assertThat(parser.failed()).isTrue();
            });
  }
}
