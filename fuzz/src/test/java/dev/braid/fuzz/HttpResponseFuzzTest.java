package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.BodyChunk;
import dev.braid.web.http1.Http1Encoder;
import dev.braid.web.http1.HttpLimits;
import dev.braid.web.http1.HttpParseException;
import dev.braid.web.http1.InterimResponse;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.ResponseHead;
import dev.braid.web.http1.ResponseParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fuzzes {@link ResponseParser} (the client side of HTTP/1.1). The first input byte chooses the
 * methods of the requests "sent" (two bits per response: GET, HEAD, CONNECT, POST), the rest is the
 * server's bytes, followed by the end of input. Oracles: only {@link HttpParseException} (502)
 * escapes; the same responses, error and unread bytes whatever the chunking, with the parser paused
 * after every event; every byte is consumed unless a tunnel started; and re-encoding each response
 * with {@link Http1Encoder} parses back to the same head, body and trailers.
 */
@dev.braid.testing.BraidTest
class HttpResponseFuzzTest {
  private static final HttpLimits LIMITS =
      ResponseParser.CLIENT_LIMITS
          .withMaxStartLine(256)
          .withMaxHeaderBytes(512)
          .withMaxHeaderCount(8)
          .withMaxChunkLine(64)
          .withMaxTrailerBytes(256);

  private static final List<String> METHODS = List.of("GET", "HEAD", "CONNECT", "POST");

  /**
   * One response: the method it answers, its head (an {@link InterimResponse} or a {@link
   * ResponseHead}), its body, its trailers (null while incomplete), and whether its body lasted
   * until the end of input.
   */
  record Response(
      String method, Object head, ByteString body, HttpHeaders trailers, boolean close) {}

  @FuzzTest
  void responsesAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    if (input.length == 0) {
      return;
    }
    List<String> methods = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      methods.add(METHODS.get((input[0] >> (2 * k)) & 3));
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(data, chunks -> parse(chunks, methods, LIMITS));
          for (Object message : outcome.messages()) {
            Response response = (Response) message;
            if (response.trailers() == null) {
              continue;
            }
            ByteString encoded = encode(response);
            Harness.Outcome again =
                parse(
                    List.of(ByteBuffer.wrap(encoded.toByteArray())),
                    List.of(response.method()),
                    ResponseParser.CLIENT_LIMITS);
            assertThat(again.error()).as("error re-parsing the encoded response").isNull();
            assertThat(again.messages()).as("parse(encode(x))").containsExactly(response);
          }
        });
  }

  /** "Buffered" in the outcome is the number of bytes left unread (after a tunnel started). */
  static Harness.Outcome parse(List<ByteBuffer> chunks, List<String> methods, HttpLimits limits) {
    ResponseParser parser = new ResponseParser(limits);
    methods.forEach(parser::requestSent);
    List<Object> responses = new ArrayList<>();
    Sink sink = new Sink(parser, responses, methods);
    try {
      for (ByteBuffer chunk : chunks) {
        do {
          sink.events = 0;
          parser.feed(chunk, sink);
        } while (chunk.hasRemaining() && !parser.finished() || sink.events > 0);
      }
      sink.atEnd = true;
      parser.endOfInput(sink);
    } catch (HttpParseException e) {
      assertThat(e.status()).isEqualTo(502);
      assertThat(parser.failed()).isTrue();
      sink.flush();
      return new Harness.Outcome(responses, e.getMessage(), -1);
    }
    long unread = chunks.stream().mapToLong(ByteBuffer::remaining).sum();
    if (!parser.finished()) {
      assertThat(unread).as("bytes left unread without a tunnel").isZero();
    }
    sink.flush();
    return new Harness.Outcome(responses, null, unread);
  }

  private static final class Sink implements Consumer<Object> {
    final ResponseParser parser;
    final List<Object> responses;
    final List<String> methods;
    int next;
    int events;
    boolean atEnd;
    Object head;
    String method;
    ByteString body = ByteString.EMPTY;

    Sink(ResponseParser parser, List<Object> responses, List<String> methods) {
      this.parser = parser;
      this.responses = responses;
      this.methods = methods;
    }

    @Override
    public void accept(Object event) {
      events++;
      parser.pause();
      switch (event) {
        case InterimResponse interim -> {
          assertThat(head).as("an interim response inside a response").isNull();
          responses.add(
              new Response(
                  next < methods.size() ? methods.get(next) : "GET",
                  interim,
                  ByteString.EMPTY,
                  HttpHeaders.empty(),
                  false));
        }
        case ResponseHead h -> {
          assertThat(head).as("a head inside a response").isNull();
          head = h;
          method = next < methods.size() ? methods.get(next) : "GET";
          next++;
          body = ByteString.EMPTY;
        }
        case BodyChunk c -> {
          assertThat(head).as("a body chunk outside a response").isNotNull();
          assertThat(c.data().isEmpty()).as("an empty body chunk").isFalse();
          body = body.concat(c.data());
        }
        case MessageEnd end -> {
          assertThat(head).as("a message end outside a response").isNotNull();
          responses.add(new Response(method, head, body, end.trailers(), atEnd));
          head = null;
        }
        default -> throw new AssertionError("unexpected event " + event);
      }
    }

    void flush() {
      if (head != null) {
        responses.add(new Response(method, head, body, null, false));
        head = null;
      }
    }
  }

  /** The response framed as its head, status and method say. */
  static ByteString encode(Response response) {
    if (response.head() instanceof InterimResponse interim) {
      return Http1Encoder.interimResponse(interim);
    }
    ResponseHead head = (ResponseHead) response.head();
    ByteString bytes = Http1Encoder.responseHead(head);
    if (head.headers().contains("Transfer-Encoding")
        && !response.method().equals("HEAD")
        && head.status() != 204
        && head.status() != 304
        && head.status() != 101
        && !(response.method().equals("CONNECT") && head.status() / 100 == 2)) {
      if (!response.body().isEmpty()) {
        bytes = bytes.concat(Http1Encoder.chunk(response.body()));
      }
      return bytes.concat(Http1Encoder.lastChunk(response.trailers()));
    }
    assertThat(response.trailers().isEmpty()).as("trailers without chunked coding").isTrue();
    return bytes.concat(response.body());
  }
}
