package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** deferToThread and blockingCallFromThread: the doors between the reactor and other threads. */
@BraidTest
class ThreadsTest {

  @Test
  void deferToThreadRunsOnAVirtualThreadAndDeliversOnTheReactor(ReactorTester t) {
    Reactor reactor = t.reactor();
    AtomicReference<Boolean> workVirtual = new AtomicReference<>();
    Deferred<String> result =
        reactor.deferToThread(
            () -> {
              workVirtual.set(Thread.currentThread().isVirtual());
              return "computed";
            });
    boolean[] deliveredOnReactor = new boolean[1];
    result.addListener(v -> deliveredOnReactor[0] = reactor.isReactorThread());
    assertThat(t.await(result)).isEqualTo("computed");
    assertThat(workVirtual.get()).isTrue();
    assertThat(deliveredOnReactor[0]).isTrue();
  }

  @Test
  void deferToThreadDeliversTheException(ReactorTester t) {
    Deferred<String> result =
        t.reactor()
            .deferToThread(
                () -> {
                  throw new IOException("disk on fire");
                });
    assertThat(t.awaitFailure(result)).isInstanceOf(IOException.class).hasMessage("disk on fire");
  }

  @Test
  void blockingCallFromThreadReturnsTheDeferredsValueToAnotherThread(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<String> seen =
        reactor.deferToThread(
            () ->
                reactor.blockingCallFromThread(
                    () -> {
                      Deferred<String> later = new Deferred<>();
                      reactor.callLater(
                          java.time.Duration.ofMillis(1),
                          () -> later.callback("on reactor: " + reactor.isReactorThread()));
                      return later;
                    }));
    assertThat(t.await(seen)).isEqualTo("on reactor: true");
  }

  @Test
  void blockingCallFromThreadRethrowsTheFailure(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<String> seen =
        reactor.deferToThread(
            () -> reactor.blockingCallFromThread(() -> Deferred.fail(new IOException("nope"))));
    assertThat(t.awaitFailure(seen)).isInstanceOf(IOException.class).hasMessage("nope");
  }

  @Test
  void blockingCallFromThreadOnTheReactorThreadIsRefused(ReactorTester t) {
    assertThatThrownBy(() -> t.reactor().blockingCallFromThread(() -> Deferred.succeed(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("wait for itself");
  }
}
