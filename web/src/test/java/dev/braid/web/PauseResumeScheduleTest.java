package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pipelined requests with and without bodies (fixed length and chunked), delivered in random
 * pieces, to resources that pause the body at random and resume it later, answer later, or answer
 * without reading the body: every schedule must answer every request once, in order, with the whole
 * body, and leave the connection open. A stall of the kind where the parser holds an event no
 * further byte would bring shows up here as a missing answer. Seeded, so a failure names the
 * schedule that caused it.
 */
@BraidTest
class PauseResumeScheduleTest {
  private static final int SCHEDULES = 2_000;

  /** Reads the body, pausing at random and resuming after a random delay; answers its size. */
  private static final class Fickle implements Resource {
    private final Random random;
    private final Harness[] harness;

    Fickle(Random random, Harness[] harness) {
      this.random = random;
      this.harness = harness;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      String path = request.path();
      if (request.method().equals("GET") && !path.startsWith("/skip")) {
        if (random.nextInt(3) == 0) {
          Deferred<Void> later = new Deferred<>();
          harness[0].clock.callLater(
              Duration.ofMillis(1 + random.nextInt(5)),
              () -> {
                request.respond(200, "text/plain", ByteString.utf8("get " + path));
                later.callback(null);
              });
          return later;
        }
        return request.respond(200, "text/plain", ByteString.utf8("get " + path));
      }
      if (path.startsWith("/skip")) {
        // answered without reading: the connection drops the body and goes on
        return request.respond(200, "text/plain", ByteString.utf8("skipped " + path));
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      request.readBody(
          new BodyConsumer() {
            @Override
            public void bodyData(ByteBuffer data) {
              byte[] b = new byte[data.remaining()];
              data.get(b);
              body.writeBytes(b);
              if (random.nextInt(3) == 0) {
                request.pauseBody();
                harness[0].clock.callLater(
                    Duration.ofMillis(1 + random.nextInt(5)), request::resumeBody);
              }
            }

            @Override
            public void bodyEnd() {
              request.respond(
                  200,
                  "text/plain",
                  ByteString.utf8(
                      "post " + path + " " + body.toString(StandardCharsets.US_ASCII).length()));
            }
          });
      return Deferred.succeed(null);
    }
  }

  @Test
  void everyScheduleAnswersEveryRequestInOrder() {
    for (int seed = 0; seed < SCHEDULES; seed++) {
      runSchedule(seed);
    }
  }

  private static void runSchedule(int seed) {
    Random random = new Random(seed);
    Harness[] holder = new Harness[1];
    SiteSettings settings = SiteSettings.defaults().withMaxPipelined(1 + random.nextInt(4));
    Harness h = new Harness(new Fickle(random, holder), settings);
    holder[0] = h;

    StringBuilder input = new StringBuilder();
    List<String> expected = new ArrayList<>();
    int requests = 1 + random.nextInt(6);
    for (int i = 0; i < requests; i++) {
      boolean skip = random.nextInt(5) == 0;
      String path = (skip ? "/skip" : "/r") + i;
      switch (random.nextInt(3)) {
        case 0 -> {
          input.append("GET ").append(path).append(" HTTP/1.1\r\nHost: a\r\n\r\n");
          expected.add(skip ? "skipped " + path : "get " + path);
        }
        case 1 -> {
          String body = "x".repeat(random.nextInt(40));
          input
              .append("POST ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: a\r\nContent-Length: ")
              .append(body.length())
              .append("\r\n\r\n")
              .append(body);
          expected.add(skip ? "skipped " + path : "post " + path + " " + body.length());
        }
        default -> {
          input.append("POST ").append(path).append(" HTTP/1.1\r\nHost: a\r\n");
          input.append("Transfer-Encoding: chunked\r\n\r\n");
          int total = 0;
          for (int c = random.nextInt(4); c > 0; c--) {
            int size = 1 + random.nextInt(12);
            input.append(Integer.toHexString(size)).append("\r\n").append("y".repeat(size));
            input.append("\r\n");
            total += size;
          }
          input.append("0\r\n\r\n");
          expected.add(skip ? "skipped " + path : "post " + path + " " + total);
        }
      }
    }

    // deliver in random pieces, only while the connection reads, as a socket would
    String bytes = input.toString();
    int at = 0;
    int turns = 0;
    while (at < bytes.length()) {
      assertThat(turns++).as("seed %d: input stopped being read", seed).isLessThan(10_000);
      if (h.transport.readingPaused()) {
        h.clock.advance(Duration.ofMillis(1));
        continue;
      }
      int piece = 1 + random.nextInt(Math.min(30, bytes.length() - at));
      h.transport.receive(bytes.substring(at, at + piece));
      at += piece;
      if (random.nextBoolean()) {
        h.clock.advance(Duration.ofMillis(random.nextInt(3)));
      }
    }
    for (int i = 0; i < 50 && answers(h.out()).size() < expected.size(); i++) {
      h.clock.advance(Duration.ofMillis(1));
    }

    assertThat(answers(h.out())).as("seed %d, input:%n%s", seed, bytes).isEqualTo(expected);
    assertThat(h.transport.disconnecting()).as("seed %d", seed).isFalse();
  }

  /** The bodies of the responses in {@code out}, in order (each a short text body). */
  private static List<String> answers(String out) {
    List<String> bodies = new ArrayList<>();
    int i = 0;
    while (true) {
      int head = out.indexOf("HTTP/1.1 ", i);
      if (head < 0) {
        return bodies;
      }
      int lengthAt = out.indexOf("Content-Length: ", head);
      int end = out.indexOf("\r\n\r\n", head);
      int length =
          Integer.parseInt(out.substring(lengthAt + 16, out.indexOf("\r\n", lengthAt)).strip());
      bodies.add(out.substring(end + 4, end + 4 + length));
      i = end + 4 + length;
    }
  }
}
