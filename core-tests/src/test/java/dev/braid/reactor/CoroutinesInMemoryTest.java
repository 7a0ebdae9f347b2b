package dev.braid.reactor;

import static dev.braid.reactor.Coroutines.async;
import static dev.braid.reactor.Coroutines.await;
import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Coroutines on the testing kit's MemoryReactor: the test's thread lends it, the fake clock drives.
 */
@BraidTest
class CoroutinesInMemoryTest {

  @Test
  void aCoroutineOnAMemoryReactorResumesWhenTheFakeClockReachesItsTimer() {
    MemoryReactor reactor = new MemoryReactor();
    List<String> log = new ArrayList<>();
    Deferred<String> result =
        async(
            reactor,
            () -> {
              log.add("started, reactor thread: " + reactor.isReactorThread());
              String woke = await(Timing.deferLater(reactor, Duration.ofSeconds(5), () -> "woke"));
              log.add(woke + ", reactor thread: " + reactor.isReactorThread());
              return "done";
            });

    assertThat(log).containsExactly("started, reactor thread: true");
    assertThat(reactor.isReactorThread()).isTrue();
    reactor.clock().advance(Duration.ofSeconds(4));
    assertNoResult(result);

    reactor.clock().advance(Duration.ofSeconds(1));

    assertThat(successResultOf(result)).isEqualTo("done");
    assertThat(log).endsWith("woke, reactor thread: true");
    assertThat(reactor.isReactorThread()).isTrue();
  }

  @Test
  void aCoroutineOnAMemoryReactorGetsTheErrorOfADeferredTheTestFails() {
    MemoryReactor reactor = new MemoryReactor();
    Deferred<String> reply = new Deferred<>();
    Deferred<String> result =
        async(
            reactor,
            () -> {
              try {
                return await(reply);
              } catch (IOException e) {
                return "recovered from " + e.getMessage();
              }
            });
    assertNoResult(result);

    reply.errback(new IOException("connection lost"));

    assertThat(successResultOf(result)).isEqualTo("recovered from connection lost");
  }

  @Test
  void anErrorThrownByTheBodyFailsItsDeferredOnAMemoryReactor() {
    MemoryReactor reactor = new MemoryReactor();
    Deferred<Void> tick = new Deferred<>();
    Deferred<Integer> result =
        async(
            reactor,
            () -> {
              await(tick);
              throw new IllegalStateException("body gave up");
            });

    tick.callback(null);

    assertThat(failureResultOf(result, IllegalStateException.class)).hasMessage("body gave up");
  }
}
