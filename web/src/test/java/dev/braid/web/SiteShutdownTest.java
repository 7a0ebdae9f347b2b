package dev.braid.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import org.junit.jupiter.api.Test;

/**
 * {@link Site#shutdown}: idle connections close at once, a response in flight finishes (and says
 * {@code Connection: close}), and the Deferred fires when the last connection is gone.
 */
@BraidTest
class SiteShutdownTest {
  private static StringTransport connect(Harness h) {
    StringTransport t = new StringTransport();
    t.makeConnection(h.site.buildProtocol(t.peerAddress()));
    return t;
  }

  @Test
  void idleKeepAliveConnectionsCloseAtOnceAndTheStopWaitsForThem() {
    Harness h = new Harness(new HttpChannelTest.Hello());
    h.transport.receive("GET /a HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(h.out()).endsWith("hello /a");
    StringTransport fresh = connect(h);
    Deferred<Void> stopped = h.site.shutdown();
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(fresh.disconnecting()).isTrue();
    assertThat(stopped.called()).isFalse();
    h.transport.reportDisconnect();
    fresh.reportDisconnect();
    assertThat(stopped.called()).isTrue();
  }

  @Test
  void aResponseInFlightFinishesWithConnectionCloseBeforeTheConnectionCloses() {
    HttpChannelTest.Hello hello = new HttpChannelTest.Hello();
    Harness h = new Harness(hello);
    h.transport.receive("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
    Deferred<Void> stopped = h.site.shutdown();
    assertThat(h.transport.disconnecting()).isFalse();
    hello.later.callback(null);
    assertThat(h.out()).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("slow");
    assertThat(h.transport.disconnecting()).isTrue();
    assertThat(stopped.called()).isFalse();
    h.transport.reportDisconnect();
    assertThat(stopped.called()).isTrue();
  }

  @Test
  void aConnectionMadeAfterTheStopClosesAtOnce() {
    Harness h = new Harness(new HttpChannelTest.Hello());
    h.transport.reportDisconnect();
    Deferred<Void> stopped = h.site.shutdown();
    assertThat(stopped.called()).isTrue();
    StringTransport late = connect(h);
    assertThat(late.disconnecting()).isTrue();
  }
}
