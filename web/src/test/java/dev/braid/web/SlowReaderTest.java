package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The send-rate check: a client that does not read its responses cannot hold the connection. */
@BraidTest
class SlowReaderTest {
  private static final ByteString BIG = ByteString.of(new byte[64 * 1024]);

  /** "/big" answers 64 KiB at once; "/poll" answers only when the test fires {@code later}. */
  static final class Pages extends MethodResource {
    final Deferred<Void> later = new Deferred<>();

    @Override
    public Resource getChild(String segment, Request request) {
      return this;
    }

    @Override
    protected Deferred<Void> get(Request request) {
      if (request.path().equals("/poll")) {
        return later.addCallback(
            v -> {
              request.respond(200, "text/plain", ByteString.utf8("news"));
              return null;
            });
      }
      return request.respond(200, "application/octet-stream", BIG);
    }
  }

  @Test
  void aClientThatReadsNothingIsAbortedAfterOneWindow() {
    Harness h = new Harness(new Pages());
    h.transport.setPeerStalled(true);
    h.transport.receive("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.transport.bufferedBytes()).isGreaterThan(BIG.size());
    h.clock.advance(Duration.ofSeconds(19));
    assertThat(h.transport.aborted()).isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.aborted()).isTrue();
  }

  @Test
  void aClientReadingFasterThanTheMinimumKeepsItsConnection() {
    Harness h =
        new Harness(new Pages(), SiteSettings.defaults().withIdleTimeout(Duration.ofHours(1)));
    h.transport.setPeerStalled(true);
    h.transport.receive("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    for (int window = 0; window < 2; window++) {
      // 1.5 KiB/s over each 20 s window: above the default minimum of 1 KiB/s
      h.transport.setBufferedBytes(h.transport.bufferedBytes() - 30 * 1024);
      h.clock.advance(Duration.ofSeconds(20));
      assertThat(h.transport.aborted()).as("window %d", window).isFalse();
    }
  }

  @Test
  void aClientReadingSlowerThanTheMinimumIsAborted() {
    Harness h = new Harness(new Pages());
    h.transport.setPeerStalled(true);
    h.transport.receive("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    // 32 bytes every 5 s, as slowhttptest's slow-read mode does
    for (int i = 0; i < 3; i++) {
      h.transport.setBufferedBytes(h.transport.bufferedBytes() - 32);
      h.clock.advance(Duration.ofSeconds(5));
    }
    h.transport.setBufferedBytes(h.transport.bufferedBytes() - 32);
    assertThat(h.transport.aborted()).isFalse();
    h.clock.advance(Duration.ofSeconds(5));
    assertThat(h.transport.aborted()).isTrue();
  }

  /**
   * The windows are counted from the connection's start: a request sent late (here 18 s after
   * connecting, inside the 20 s headers timeout) does not buy its slow reader a third window.
   * Counted from the response, the kernel's first fill passed the window to 38 s, and the client
   * lived until 58 s.
   */
  @Test
  void aLateRequestsSlowReaderIsAbortedTwoWindowsAfterTheConnectionOpened() {
    Harness h = new Harness(new Pages());
    h.transport.setPeerStalled(true);
    h.clock.advance(Duration.ofSeconds(18));
    h.transport.receive("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    // the kernel takes what fits its send buffer at once, then the client reads nothing
    h.transport.setBufferedBytes(h.transport.bufferedBytes() - 30 * 1024);
    h.clock.advance(Duration.ofSeconds(2));
    assertThat(h.transport.aborted()).as("at 20 s").isFalse();
    h.clock.advance(Duration.ofSeconds(19));
    assertThat(h.transport.aborted()).as("at 39 s").isFalse();
    h.clock.advance(Duration.ofSeconds(1));
    assertThat(h.transport.aborted()).as("at 40 s").isTrue();
  }

  @Test
  void aResourceThatTakesLongToAnswerIsNotMistakenForASlowReader() {
    Pages pages = new Pages();
    Harness h = new Harness(pages);
    h.transport.receive("GET /poll HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofMinutes(5));
    assertThat(h.transport.aborted()).isFalse();
    pages.later.callback(null);
    assertThat(h.out()).contains("news");
  }

  @Test
  void theCheckCanBeTurnedOff() {
    Harness h =
        new Harness(
            new Pages(),
            SiteSettings.defaults()
                .withMinSendRate(0, Duration.ofSeconds(20))
                .withIdleTimeout(Duration.ofHours(1)));
    h.transport.setPeerStalled(true);
    h.transport.receive("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
    h.clock.advance(Duration.ofMinutes(10));
    assertThat(h.transport.aborted()).isFalse();
  }
}
