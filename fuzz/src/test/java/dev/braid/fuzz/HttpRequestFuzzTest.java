package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.BodyChunk;
import dev.braid.web.http1.Http1Encoder;
import dev.braid.web.http1.HttpLimits;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.RequestParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes {@link RequestParser} (the server side of HTTP/1.1, chunked bodies and trailers included)
 * with small limits. Oracles: only {@link HttpParseException} escapes; the same requests and the
 * same error whatever the chunking, with the parser paused after every event; every byte is
 * consumed and each request's bytes are accounted for; every request accepted is also accepted by
 * {@link Rfc9112Grammar} on exactly the bytes the parser consumed for it; and re-encoding each
 * request with {@link Http1Encoder} parses back to the same head, body and trailers.
 */
@dev.braid.testing.BraidTest
class HttpRequestFuzzTest {
  static final HttpLimits LIMITS =
      HttpLimits.DEFAULT
          .withMaxStartLine(256)
          .withMaxHeaderBytes(512)
          .withMaxHeaderCount(8)
          .withMaxBody(1024)
          .withMaxChunkLine(64)
          .withMaxTrailerBytes(256);

  /**
   * One request as the events told it: the head, the body bytes concatenated, the trailers (null
   * while incomplete), and the offsets of its first byte and of the byte after it (-1 while
   * incomplete).
   */
  record Request(RequestHead head, ByteString body, HttpHeaders trailers, long start, long end) {}

  @FuzzTest
  void requestsAreTheSameWhateverTheChunksAndMatchTheRfcGrammar(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(
                  input, chunks -> parse(chunks, LIMITS, bodyLimit(input)));
          long previousEnd = 0;
          for (Object message : outcome.messages()) {
            Request request = (Request) message;
            assertThat(request.start()).isEqualTo(previousEnd);
            if (request.end() < 0) {
              continue; // cut short by the error or by the end of the input
            }
            previousEnd = request.end();
            try {
              Rfc9112Grammar.request(input, (int) request.start(), (int) request.end());
            } catch (Rfc9112Grammar.Violation e) {
              throw new AssertionError(
                  "the parser accepted a request that RFC 9112 does not: "
                      + e.getMessage()
                      + "\n"
                      + Harness.latin1(
                          ByteString.of(
                              input,
                              (int) request.start(),
                              (int) (request.end() - request.start()))),
                  e);
            }
            ByteString encoded = encode(request);
            assertThat(reparse(encoded))
                .as("parse(encode(x))")
                .isEqualTo(
                    new Request(
                        request.head(), request.body(), request.trailers(), 0, encoded.size()));
          }
          if (outcome.error() == null) {
            assertThat(outcome.buffered()).as("bytes consumed").isEqualTo(input.length);
          }
        });
  }

  /** A per-request body limit chosen from the input, applied with allowBody after each head. */
  private static long bodyLimit(byte[] input) {
    int h = Arrays.hashCode(input);
    return (h & 3) == 0 ? (h >>> 2) % 64 : -1;
  }

  /**
   * Parses the chunks, pausing after every event; "buffered" in the outcome is the number of bytes
   * the parser consumed.
   */
  static Harness.Outcome parse(List<ByteBuffer> chunks, HttpLimits limits, long bodyLimit) {
    RequestParser parser = new RequestParser(limits);
    List<Object> requests = new ArrayList<>();
    Sink sink = new Sink(parser, requests, bodyLimit);
    try {
      for (ByteBuffer chunk : chunks) {
        sink.chunk = chunk;
        do {
          sink.events = 0;
          parser.feed(chunk, sink);
        } while (chunk.hasRemaining() || sink.events > 0);
        sink.before += chunk.limit();
      }
    } catch (HttpParseException e) {
      assertThat(parser.failed()).isTrue();
      sink.flush();
      return new Harness.Outcome(requests, e.status() + " " + e.getMessage(), -1);
    }
    Harness.allRead(chunks);
    assertThat(parser.inProgress()).isEqualTo(sink.head != null || sink.before > sink.start);
    sink.flush();
    return new Harness.Outcome(requests, null, sink.before);
  }

  /** Collects events into {@link Request}s, pausing the parser after each one. */
  private static final class Sink implements java.util.function.Consumer<Object> {
    final RequestParser parser;
    final List<Object> requests;
    final long bodyLimit;
    ByteBuffer chunk;
    long before; // bytes of the chunks before the current one
    int events;
    long start;
    RequestHead head;
    ByteString body = ByteString.EMPTY;

    Sink(RequestParser parser, List<Object> requests, long bodyLimit) {
      this.parser = parser;
      this.requests = requests;
      this.bodyLimit = bodyLimit;
    }

    long position() {
      return before + chunk.position();
    }

    @Override
    public void accept(Object event) {
      events++;
      parser.pause();
      switch (event) {
        case RequestHead h -> {
          assertThat(head).as("a head inside a request").isNull();
          head = h;
          body = ByteString.EMPTY;
          if (bodyLimit >= 0) {
            parser.allowBody(bodyLimit);
          }
        }
        case BodyChunk c -> {
          assertThat(head).as("a body chunk outside a request").isNotNull();
          assertThat(c.data().isEmpty()).as("an empty body chunk").isFalse();
          body = body.concat(c.data());
        }
        case MessageEnd end -> {
          assertThat(head).as("a message end outside a request").isNotNull();
          requests.add(new Request(head, body, end.trailers(), start, position()));
          start = position();
          head = null;
          body = ByteString.EMPTY;
        }
        default -> throw new AssertionError("unexpected event " + event);
      }
    }

    /** Records the request in progress, if any, as incomplete. */
    void flush() {
      if (head != null) {
        requests.add(new Request(head, body, null, start, -1));
        head = null;
      }
    }
  }

  /** The request framed as its head says: Content-Length, chunked (with trailers) or no body. */
  static ByteString encode(Request request) {
    RequestHead head = request.head();
    ByteString bytes = Http1Encoder.requestHead(head);
    if (head.headers().contains("Transfer-Encoding")) {
      if (!request.body().isEmpty()) {
        bytes = bytes.concat(Http1Encoder.chunk(request.body()));
      }
      return bytes.concat(Http1Encoder.lastChunk(request.trailers()));
    }
    assertThat(request.trailers().isEmpty()).as("trailers without chunked coding").isTrue();
    return bytes.concat(request.body());
  }

  /**
   * Parses {@code bytes}, which must hold exactly one complete request, and returns it. The default
   * limits apply: the encoder may write a head a little longer than the one that was parsed.
   */
  private static Request reparse(ByteString bytes) {
    Harness.Outcome again =
        parse(List.of(ByteBuffer.wrap(bytes.toByteArray())), HttpLimits.DEFAULT, -1);
    assertThat(again.error()).as("error re-parsing the encoded request").isNull();
    assertThat(again.messages()).hasSize(1);
    Request request = (Request) again.messages().get(0);
    return request;
  }
}
