package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import dev.braid.time.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DelayedCall on the real selector reactor. */
@BraidTest
class DelayedCallTest {

  @Test
  void callsRunInDueOrderAndEqualDelaysInScheduleOrder(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> order = new ArrayList<>();
    Deferred<Void> done = new Deferred<>();
    reactor.callLater(Duration.ofMillis(30), () -> order.add("30ms"));
    reactor.callLater(Duration.ZERO, () -> order.add("0-a"));
    reactor.callLater(Duration.ZERO, () -> order.add("0-b"));
    reactor.callLater(Duration.ofMillis(10), () -> order.add("10ms"));
    reactor.callLater(Duration.ofMillis(40), () -> done.callback(null));
    t.await(done);
    assertThat(order).containsExactly("0-a", "0-b", "10ms", "30ms");
  }

  @Test
  void aCancelledCallDoesNotRunAndAStaleHandleSaysWhy(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> ran = new ArrayList<>();
    DelayedCall cancelled = reactor.callLater(Duration.ofMillis(1), () -> ran.add("cancelled"));
    cancelled.cancel();
    assertThat(cancelled.active()).isFalse();
    assertThatThrownBy(cancelled::cancel).isInstanceOf(DelayedCall.AlreadyCancelledException.class);
    Deferred<Void> done = new Deferred<>();
    DelayedCall ranCall = reactor.callLater(Duration.ofMillis(5), () -> done.callback(null));
    t.await(done);
    assertThat(ran).isEmpty();
    assertThatThrownBy(() -> ranCall.reset(Duration.ofSeconds(1)))
        .isInstanceOf(DelayedCall.AlreadyCalledException.class);
    assertThatThrownBy(() -> ranCall.delay(Duration.ofSeconds(1)))
        .isInstanceOf(DelayedCall.AlreadyCalledException.class);
  }

  @Test
  void resetMovesACallLaterAndEarlier(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> order = new ArrayList<>();
    Deferred<Void> done = new Deferred<>();
    DelayedCall movedLater = reactor.callLater(Duration.ofMillis(1), () -> order.add("later"));
    DelayedCall movedEarlier =
        reactor.callLater(Duration.ofSeconds(60), () -> order.add("earlier"));
    reactor.callLater(Duration.ofMillis(20), () -> order.add("fixed"));
    movedLater.reset(Duration.ofMillis(40));
    movedEarlier.reset(Duration.ofMillis(5));
    movedLater.delay(Duration.ofMillis(10));
    reactor.callLater(Duration.ofMillis(80), () -> done.callback(null));
    t.await(done);
    assertThat(order).containsExactly("earlier", "fixed", "later");
  }

  @Test
  void callLaterOffTheReactorThreadIsAClearError(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    Throwable[] error = new Throwable[1];
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    reactor.callLater(Duration.ZERO, () -> {});
                  } catch (Throwable e) {
                    error[0] = e;
                  }
                });
    other.join();
    assertThat(error[0])
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not the reactor thread");
  }

  @Test
  void aFailingCallIsLoggedAndLaterCallsStillRun(ReactorTester t) {
    Reactor reactor = t.reactor();
    reactor.callLater(
        Duration.ZERO,
        () -> {
          throw new IllegalArgumentException("call failed");
        });
    Deferred<String> after = new Deferred<>();
    reactor.callLater(Duration.ofMillis(1), () -> after.callback("ran"));
    assertThat(t.await(after)).isEqualTo("ran");
    assertThat(LoggedErrors.flush(IllegalArgumentException.class)).hasSize(1);
  }

  @Test
  void pendingCallsListsActiveCallsSoonestFirst(ReactorTester t) {
    Reactor reactor = t.reactor();
    DelayedCall second = reactor.callLater(Duration.ofSeconds(20), () -> {});
    DelayedCall first = reactor.callLater(Duration.ofSeconds(10), () -> {});
    DelayedCall gone = reactor.callLater(Duration.ofSeconds(5), () -> {});
    gone.cancel();
    assertThat(reactor.pendingCalls()).containsExactly(first, second);
    first.cancel();
    second.cancel();
  }
}
