package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.BaseProtocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RecordingLogger;
import dev.braid.time.DelayedCall;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * A listening port whose accept fails as it does without file descriptors ({@code EMFILE}) stops
 * asking for accepts for a pause, warns once per episode, and serves again once accept works. The
 * failure comes from a seam in front of the real accept call; the sockets are real. The pauses are
 * hours long, so none passes by itself: the test runs the retry by moving its delayed call to now.
 */
@BraidTest
class AcceptFailureTest {
  private static final Duration HOUR = Duration.ofHours(1);

  /** Fails accepts while {@link #failing}, reporting each failure after the port handled it. */
  private static final class FailingAccept implements TcpListeningPort.Accept {
    private final SelectorReactor reactor;
    final List<Deferred<Void>> failures = new ArrayList<>();
    boolean failing = true;
    int calls;

    FailingAccept(SelectorReactor reactor) {
      this.reactor = reactor;
    }

    /** Fires after the next failure, once the port has handled it (in the reactor's next turn). */
    Deferred<Void> nextFailure() {
      Deferred<Void> d = new Deferred<>();
      failures.add(d);
      return d;
    }

    @Override
    public java.nio.channels.SocketChannel accept(java.nio.channels.ServerSocketChannel channel)
        throws IOException {
      calls++;
      if (!failing) {
        return channel.accept();
      }
      if (!failures.isEmpty()) {
        Deferred<Void> d = failures.removeFirst();
        reactor.callFromThread(() -> d.callback(null));
      }
      throw new IOException("Too many open files");
    }
  }

  private static final class Served extends BaseProtocol {
    final Deferred<Transport> made = new Deferred<>();
    final Deferred<Throwable> lost = new Deferred<>();

    @Override
    public void connectionMade(Transport transport) {
      super.connectionMade(transport);
      made.callback(transport);
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  private static DelayedCall onlyPendingCall(SelectorReactor reactor) {
    assertThat(reactor.pendingCalls()).hasSize(1);
    return reactor.pendingCalls().getFirst();
  }

  private static Duration dueIn(SelectorReactor reactor, DelayedCall call) {
    return Duration.ofNanos(call.dueNanos() - reactor.nanoTime());
  }

  @Test
  void aFailingAcceptPausesAcceptingWarnsOnceAndServesAgainOnceAcceptWorks(ReactorTester t)
      throws Exception {
    SelectorReactor reactor = (SelectorReactor) t.reactor();
    Served served = new Served();
    TcpListeningPort port =
        (TcpListeningPort)
            reactor.listenTcp(
                0, peer -> served, TcpListenOptions.defaults().withInterface("127.0.0.1"));
    RecordingLogger log = new RecordingLogger();
    FailingAccept accept = new FailingAccept(reactor);
    port.logTo(log);
    port.acceptWith(accept);
    port.backOffWith(new AcceptBackoff(HOUR, Duration.ofHours(4)));
    assertThat(port.accepting()).isTrue();

    Deferred<Void> first = accept.nextFailure();
    try (Socket client = new Socket()) {
      client.connect(port.address()); // the kernel completes it; it waits in the backlog
      t.await(first);
      assertThat(accept.calls).isEqualTo(1);
      assertThat(port.accepting()).isFalse();
      DelayedCall retry = onlyPendingCall(reactor);
      assertThat(dueIn(reactor, retry)).isGreaterThan(Duration.ofMinutes(59));
      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(log.at(Level.WARN).getFirst())
          .contains("accept on " + port.address() + " failed")
          .contains("Too many open files")
          .contains("not accepting for 3600000 ms");

      Deferred<Void> second = accept.nextFailure();
      retry.reset(Duration.ZERO);
      t.await(second);
      assertThat(accept.calls).isEqualTo(2);
      assertThat(port.accepting()).isFalse();
      assertThat(dueIn(reactor, onlyPendingCall(reactor))).isGreaterThan(Duration.ofMinutes(119));
      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(log.at(Level.DEBUG)).hasSize(1);
      assertThat(log.at(Level.DEBUG).getFirst()).contains("failed again");

      accept.failing = false;
      onlyPendingCall(reactor).reset(Duration.ZERO);
      Transport transport = t.await(served.made);
      assertThat(accept.calls).isGreaterThanOrEqualTo(3);
      assertThat(port.accepting()).isTrue();
      assertThat(reactor.pendingCalls()).isEmpty();
      assertThat(log.at(Level.INFO))
          .containsExactly("accepting on " + port.address() + " again, after 2 failed accepts");
      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(((InetSocketAddress) transport.peerAddress()).getPort())
          .isEqualTo(client.getLocalPort());
    }
    t.await(served.lost);
    t.await(port.stopListening());
  }

  @Test
  void stoppingAPausedPortCancelsItsRetry(ReactorTester t) throws Exception {
    SelectorReactor reactor = (SelectorReactor) t.reactor();
    TcpListeningPort port =
        (TcpListeningPort)
            reactor.listenTcp(
                0, peer -> new Served(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
    FailingAccept accept = new FailingAccept(reactor);
    port.logTo(new RecordingLogger());
    port.acceptWith(accept);
    port.backOffWith(new AcceptBackoff(HOUR, HOUR));
    Deferred<Void> failed = accept.nextFailure();
    try (Socket client = new Socket()) {
      client.connect(port.address());
      t.await(failed);
      DelayedCall retry = onlyPendingCall(reactor);
      t.await(port.stopListening());
      assertThat(retry.active()).isFalse();
      assertThat(reactor.pendingCalls()).isEmpty();
    }
  }
}
