package dev.braid.web.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A small deterministic fuzz: valid messages with random bytes changed, inserted or removed. The
 * parsers may accept or refuse them, but only with {@link HttpParseException}, and a failed parser
 * reports nothing more.
 */
@BraidTest
class MutatedInputTest {
  private static final List<String> REQUESTS =
      List.of(
          "GET /a?b=c HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n",
          "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
          "PUT /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "5;a=b\r\nhello\r\n0\r\nT: 1\r\n\r\n",
          "OPTIONS * HTTP/1.0\r\n\r\n");
  private static final List<String> RESPONSES =
      List.of(
          "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
          "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
              + "3\r\nabc\r\n0\r\n\r\n",
          "HTTP/1.0 404 Not Found\r\n\r\nbody until close");
  private static final byte[] INTERESTING =
      " \t\r\n:;,0fF-+\0\u0080\u00ff\"".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

  private static byte[] mutate(SplittableRandom random, byte[] input) {
    List<Byte> bytes = new ArrayList<>();
    for (byte b : input) {
      bytes.add(b);
    }
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(bytes.size() + 1);
      byte b =
          random.nextBoolean()
              ? INTERESTING[random.nextInt(INTERESTING.length)]
              : (byte) random.nextInt(256);
      switch (random.nextInt(3)) {
        case 0 -> bytes.add(at, b);
        case 1 -> {
          if (at < bytes.size()) {
            bytes.remove(at);
          }
        }
        default -> {
          if (at < bytes.size()) {
            bytes.set(at, b);
          }
        }
      }
    }
    byte[] out = new byte[bytes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bytes.get(i);
    }
    return out;
  }

  @Test
  void mutatedRequestsOnlyEverFailWithHttpParseException() {
    SplittableRandom random = new SplittableRandom(8);
    for (int round = 0; round < 5000; round++) {
      byte[] input =
          mutate(
              random,
              REQUESTS
                  .get(random.nextInt(REQUESTS.size()))
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      var parser = new RequestParser();
      List<RequestEvent> events = new ArrayList<>();
      ByteBuffer buffer = ByteBuffer.wrap(input);
      try {
        int cut = random.nextInt(input.length + 1);
        parser.feed(buffer.slice(0, cut), events::add);
        parser.feed(buffer.slice(cut, input.length - cut), events::add);
      } catch (HttpParseException e) {
        assertThat(e.status()).isIn(400, 413, 414, 431, 501, 505);
        int before = events.size();
        assertThat(parser.failed()).isTrue();
        try {
          parser.feed(ByteBuffer.wrap(REQUESTS.getFirst().getBytes()), events::add);
        } catch (HttpParseException again) {
          assertThat(again).isSameAs(e);
        }
        assertThat(events).hasSize(before);
      }
    }
  }

  @Test
  void mutatedResponsesOnlyEverFailWithHttpParseException() {
    SplittableRandom random = new SplittableRandom(9);
    for (int round = 0; round < 5000; round++) {
      byte[] input =
          mutate(
              random,
              RESPONSES
                  .get(random.nextInt(RESPONSES.size()))
                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      var parser = new ResponseParser();
      try {
        parser.feed(ByteBuffer.wrap(input), event -> {});
        parser.endOfInput(event -> {});
      } catch (HttpParseException e) {
        assertThat(e.status()).isEqualTo(502);
      }
    }
  }
}
