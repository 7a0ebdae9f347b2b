package dev.braid.web.http1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.web.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** parse(encode(x)) == x over random heads and bodies, with fixed seeds. */
@BraidTest
class Http1RoundTripTest {
  private static final String TCHARS =
      "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String PATH_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/";

  private static String token(SplittableRandom random, int max) {
    StringBuilder out = new StringBuilder();
    int n = 1 + random.nextInt(max);
    for (int i = 0; i < n; i++) {
      out.append(TCHARS.charAt(random.nextInt(TCHARS.length())));
    }
    return out.toString();
  }

  private static String value(SplittableRandom random) {
    StringBuilder out = new StringBuilder();
    int n = random.nextInt(30);
    for (int i = 0; i < n; i++) {
      int kind = random.nextInt(10);
      char c =
          kind == 0
              ? ' '
              : kind == 1
                  ? '\t'
                  : kind == 2
                      ? (char) (0x80 + random.nextInt(0x80))
                      : (char) (0x21 + random.nextInt(0x5e));
      out.append(c);
    }
    return out.toString().strip().replaceAll("^[\t ]+|[\t ]+$", "");
  }

  private static HttpHeaders.Builder randomHeaders(SplittableRandom random) {
    var headers = HttpHeaders.builder();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      headers.add("X-" + token(random, 12), value(random));
    }
    return headers;
  }

  private static ByteString randomBody(SplittableRandom random) {
    byte[] bytes = new byte[random.nextInt(3) == 0 ? 0 : random.nextInt(2000)];
    random.nextBytes(bytes);
    return ByteString.of(bytes);
  }

  /** Encodes the body as one fixed-length run or random chunks, and returns the whole message. */
  private static ByteString encodeBody(
      SplittableRandom random, ByteString body, boolean chunked, HttpHeaders trailers) {
    if (!chunked) {
      return body;
    }
    ByteString out = ByteString.EMPTY;
    int at = 0;
    while (at < body.size()) {
      int n = Math.min(body.size() - at, 1 + random.nextInt(500));
      out = out.concat(Http1Encoder.chunk(body.substring(at, at + n)));
      at += n;
    }
    return out.concat(Http1Encoder.lastChunk(trailers));
  }

  private static List<HttpEvent> expected(HttpEvent head, ByteString body, HttpHeaders trailers) {
    List<HttpEvent> events = new ArrayList<>();
    events.add(head);
    if (!body.isEmpty()) {
      events.add(new BodyChunk(body));
    }
    events.add(new MessageEnd(trailers));
    return events;
  }

  @Test
  void randomRequestsSurviveEncodeThenParse() throws Exception {
    SplittableRandom random = new SplittableRandom(20261122L);
    for (int round = 0; round < 300; round++) {
      HttpVersion version = random.nextBoolean() ? HttpVersion.HTTP_1_1 : HttpVersion.HTTP_1_0;
      boolean chunked = version == HttpVersion.HTTP_1_1 && random.nextBoolean();
      ByteString body = randomBody(random);
      HttpHeaders.Builder headers = randomHeaders(random);
      if (version == HttpVersion.HTTP_1_1 || random.nextBoolean()) {
        headers.add(random.nextBoolean() ? "Host" : "host", "example.com:" + random.nextInt(65536));
      }
      HttpHeaders trailers = HttpHeaders.empty();
      if (chunked) {
        headers.add("Transfer-Encoding", "chunked");
        trailers = randomHeaders(random).build();
      } else if (!body.isEmpty() || random.nextBoolean()) {
        headers.add("Content-Length", Integer.toString(body.size()));
      }
      StringBuilder target = new StringBuilder("/");
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        target.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
      }
      if (random.nextBoolean()) {
        target.append("?q=%2F").append(random.nextInt());
      }
      var head = new RequestHead(token(random, 10), target.toString(), version, headers.build());
      ByteString wire =
          Http1Encoder.requestHead(head).concat(encodeBody(random, body, chunked, trailers));

      var parser = new RequestParser(HttpLimits.DEFAULT.withMaxBody(1 << 20));
      List<RequestEvent> events = new ArrayList<>();
      // a random cut, so that the property also covers split input
      int cut = random.nextInt(wire.size() + 1);
      parser.feed(ByteBuffer.wrap(wire.substring(0, cut).toByteArray()), events::add);
      parser.feed(ByteBuffer.wrap(wire.substring(cut, wire.size()).toByteArray()), events::add);
      assertThat(Events.merged(events))
          .as("round %d", round)
          .isEqualTo(expected(head, body, trailers));
      assertThat(parser.inProgress()).isFalse();
    }
  }

  @Test
  void randomResponsesSurviveEncodeThenParse() throws Exception {
    SplittableRandom random = new SplittableRandom(977L);
    for (int round = 0; round < 300; round++) {
      boolean chunked = random.nextBoolean();
      ByteString body = randomBody(random);
      HttpHeaders.Builder headers = randomHeaders(random);
      HttpHeaders trailers = HttpHeaders.empty();
      if (chunked) {
        headers.add("transfer-encoding", "Chunked");
        trailers = randomHeaders(random).build();
      } else {
        headers.add("Content-Length", Integer.toString(body.size()));
      }
      int status = 200 + random.nextInt(300);
      if (status == 204 || status == 304) {
        status = 200;
      }
      var head = new ResponseHead(HttpVersion.HTTP_1_1, status, value(random), headers.build());
      ByteString wire =
          Http1Encoder.responseHead(head).concat(encodeBody(random, body, chunked, trailers));

      var parser = new ResponseParser();
      parser.requestSent("GET");
      List<ResponseEvent> events = new ArrayList<>();
      int cut = random.nextInt(wire.size() + 1);
      parser.feed(ByteBuffer.wrap(wire.substring(0, cut).toByteArray()), events::add);
      parser.feed(ByteBuffer.wrap(wire.substring(cut, wire.size()).toByteArray()), events::add);
      assertThat(Events.merged(events))
          .as("round %d", round)
          .isEqualTo(expected(head, body, trailers));
      assertThat(parser.inProgress()).isFalse();
    }
  }

  @Test
  void interimResponseSurvivesEncodeThenParse() throws Exception {
    var interim =
        new InterimResponse(
            new ResponseHead(HttpVersion.HTTP_1_1, 100, "Continue", HttpHeaders.empty()));
    var parser = new ResponseParser();
    List<ResponseEvent> events = new ArrayList<>();
    parser.feed(Http1Encoder.interimResponse(interim).asByteBuffer(), events::add);
    assertThat(events).containsExactly(interim);
  }
}
