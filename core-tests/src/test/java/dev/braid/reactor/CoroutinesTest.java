package dev.braid.reactor;

import static dev.braid.reactor.Coroutines.async;
import static dev.braid.reactor.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Coroutines on a real reactor: hand-off, results, errors, nesting and cancellation. */
@BraidTest
class CoroutinesTest {

  @Test
  void bodyRunsAtOnceAsTheReactorThreadUpToItsFirstAwait(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<String> result =
        async(
            reactor,
            () -> {
              log.add("body owns reactor: " + reactor.isReactorThread());
              log.add("in body: " + Coroutines.inBody());
              await(Timing.deferLater(reactor, Duration.ZERO));
              log.add("after await");
              return "done";
            });
    log.add("async returned");

    assertThat(Coroutines.inBody()).isFalse();
    assertThat(t.await(result)).isEqualTo("done");
    assertThat(log)
        .containsExactly(
            "body owns reactor: true", "in body: true", "async returned", "after await");
  }

  @Test
  void bodyWithoutAwaitFiresItsDeferredBeforeAsyncReturns(ReactorTester t) {
    Deferred<Integer> result = async(t.reactor(), () -> 6 * 7);

    assertThat(result.called()).isTrue();
    assertThat(t.await(result)).isEqualTo(42);
  }

  @Test
  void awaitOnAFiredDeferredReturnsWithoutLettingTheReactorRun(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<Void> result =
        async(
            reactor,
            () -> {
              log.add("start");
              reactor.callLater(Duration.ZERO, () -> log.add("timer"));
              log.add("got " + await(Deferred.succeed(1)));
              await(Timing.deferLater(reactor, Duration.ZERO));
              log.add("end");
              return null;
            });

    t.await(result);
    assertThat(log).containsExactly("start", "got 1", "timer", "end");
  }

  @Test
  void awaitTakesTheResultSoTheChainGoesOnWithNull(ReactorTester t) {
    Deferred<String> source = new Deferred<>();
    Deferred<String> result = async(t.reactor(), () -> await(source));
    Deferred<Object> after = source.addCallback(value -> value);

    source.callback("value");

    assertThat(t.await(result)).isEqualTo("value");
    assertThat(t.await(after)).isNull();
  }

  @Test
  void nestedAsyncRunsTheInnerBodyInHandOffAndTheOuterAwaitsIt(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<String> outer =
        async(
            reactor,
            () -> {
              log.add("outer start");
              Deferred<String> inner =
                  async(
                      reactor,
                      () -> {
                        log.add("inner start, owns reactor: " + reactor.isReactorThread());
                        await(Timing.deferLater(reactor, Duration.ZERO));
                        log.add("inner end");
                        return "inner value";
                      });
              log.add("outer after async");
              String value = await(inner);
              log.add("outer got " + value);
              return value.toUpperCase();
            });
    log.add("test after async");

    assertThat(t.await(outer)).isEqualTo("INNER VALUE");
    assertThat(log)
        .containsExactly(
            "outer start",
            "inner start, owns reactor: true",
            "outer after async",
            "test after async",
            "inner end",
            "outer got inner value");
  }

  @Test
  void uncheckedExceptionFromTheBodyFailsItsDeferredWithTheOriginalStackTrace(ReactorTester t) {
    Deferred<Object> result =
        async(
            t.reactor(),
            () -> {
              await(Timing.deferLater(t.reactor(), Duration.ZERO));
              return failInANamedMethod();
            });

    Throwable error = t.awaitFailure(result);
    assertThat(error).isInstanceOf(IllegalStateException.class).hasMessage("boom in the body");
    assertThat(error.getStackTrace()[0].getMethodName()).isEqualTo("failInANamedMethod");
  }

  private static Object failInANamedMethod() {
    throw new IllegalStateException("boom in the body");
  }

  @Test
  void checkedExceptionFromTheBodyFailsItsDeferredUnwrapped(ReactorTester t) {
    IOException thrown = new IOException("disk on fire");
    Deferred<Object> result =
        async(
            t.reactor(),
            () -> {
              throw thrown;
            });

    assertThat(t.awaitFailure(result)).isSameAs(thrown);
  }

  @Test
  void awaitThrowsTheAwaitedCheckedErrorSoASpecificCatchWorks(ReactorTester t) {
    IOException failure = new IOException("connection refused");
    Deferred<String> pending = new Deferred<>();
    Deferred<String> result =
        async(
            t.reactor(),
            () -> {
              try {
                return await(pending);
              } catch (IOException e) {
                return e == failure ? "caught the original" : "caught a copy";
              }
            });

    pending.errback(failure);
    assertThat(t.await(result)).isEqualTo("caught the original");
  }

  @Test
  void awaitThrowsAnUncheckedErrorAsTheSameObject(ReactorTester t) {
    ArithmeticException failure = new ArithmeticException("overflow");
    Deferred<Object> result = async(t.reactor(), () -> await(Deferred.fail(failure)));

    assertThat(t.awaitFailure(result)).isSameAs(failure);
  }

  @Test
  void cancellingTheCoroutineCancelsTheAwaitedDeferredAndAwaitThrows(ReactorTester t) {
    List<String> log = new ArrayList<>();
    Deferred<String> never = new Deferred<>(d -> log.add("awaited cancelled"));
    Deferred<String> result =
        async(
            t.reactor(),
            () -> {
              try {
                return await(never);
              } catch (CancellationException e) {
                log.add("body saw CancellationException");
                throw e;
              }
            });

    result.cancel();

    assertThat(t.awaitFailure(result)).isInstanceOf(CancellationException.class);
    assertThat(log).containsExactly("awaited cancelled", "body saw CancellationException");
  }

  @Test
  void cancellingACoroutineParkedOnATimerCancelsTheTimer(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<Void> result =
        async(reactor, () -> await(Timing.deferLater(reactor, Duration.ofHours(1))));

    assertThat(reactor.pendingCalls()).hasSize(1);
    result.cancel();

    assertThat(t.awaitFailure(result)).isInstanceOf(CancellationException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void aBodyCancelledWhileParkedMayAwaitMoreToCleanUp(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<String> log = new ArrayList<>();
    Deferred<String> result =
        async(
            reactor,
            () -> {
              try {
                return await(new Deferred<String>());
              } catch (CancellationException e) {
                await(Timing.deferLater(reactor, Duration.ZERO));
                log.add("cleaned up");
                return "late value, ignored";
              }
            });

    result.cancel();

    assertThat(t.awaitFailure(result)).isInstanceOf(CancellationException.class);
    assertThat(log).isEmpty();
    t.await(Timing.deferLater(reactor, Duration.ZERO));
    assertThat(log).containsExactly("cleaned up");
  }

  @Test
  void aCancelledBodyThatReturnsAtOnceFiresItsDeferredWithTheValue(ReactorTester t) {
    Deferred<String> result =
        async(
            t.reactor(),
            () -> {
              try {
                return await(new Deferred<String>());
              } catch (CancellationException e) {
                return "gave up politely";
              }
            });

    result.cancel();

    assertThat(t.await(result)).isEqualTo("gave up politely");
  }

  @Test
  void cancellingTheOuterCoroutineReachesTheInnerOnesAwait(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<Void> outer =
        async(
            reactor,
            () ->
                await(
                    async(reactor, () -> await(Timing.deferLater(reactor, Duration.ofHours(1))))));

    outer.cancel();

    assertThat(t.awaitFailure(outer)).isInstanceOf(CancellationException.class);
    assertThat(reactor.pendingCalls()).isEmpty();
  }

  @Test
  void awaitOutsideABodyIsAnIllegalStateException(ReactorTester t) {
    assertThatThrownBy(() -> await(Deferred.succeed(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a coroutine body");

    AtomicReference<Throwable> fromCallback = new AtomicReference<>();
    t.await(
        Timing.deferLater(t.reactor(), Duration.ZERO)
            .addCallback(
                ignored -> {
                  try {
                    await(Deferred.succeed(1));
                  } catch (Exception e) {
                    fromCallback.set(e);
                  }
                  return null;
                }));
    assertThat(fromCallback.get()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void asyncOffTheReactorThreadIsAnIllegalStateException(ReactorTester t) {
    Reactor reactor = t.reactor();
    Deferred<Throwable> error =
        reactor.deferToThread(
            () -> {
              try {
                async(reactor, () -> 1);
                return null;
              } catch (IllegalStateException e) {
                return e;
              }
            });

    assertThat(t.await(error)).hasMessageContaining("not the reactor thread");
  }

  @Test
  void asyncOnAReactorThatCannotBeLentIsRejectedClearly() {
    // A Reactor that is not a LendableReactor: every call would fail, and none is made.
    Reactor notLendable =
        (Reactor)
            Proxy.newProxyInstance(
                Reactor.class.getClassLoader(),
                new Class<?>[] {Reactor.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    assertThatThrownBy(() -> async(notLendable, () -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("selector reactor");
  }

  @Test
  void bodyAwaitsDeferToThreadFuturesAndLoopingCalls(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<Integer> ticks = new ArrayList<>();
    Deferred<String> result =
        async(
            reactor,
            () -> {
              int fromThread = await(reactor.deferToThread(() -> 40));
              int fromFuture =
                  await(Deferred.fromFuture(CompletableFuture.supplyAsync(() -> 2), reactor));
              LoopingCall[] loop = new LoopingCall[1];
              loop[0] =
                  LoopingCall.of(
                      reactor,
                      () -> {
                        ticks.add(ticks.size());
                        if (ticks.size() == 3) {
                          loop[0].stop();
                        }
                      });
              await(loop[0].start(Duration.ofMillis(1)));
              return fromThread + fromFuture + " after " + ticks.size() + " ticks";
            });

    assertThat(t.await(result)).isEqualTo("42 after 3 ticks");
  }

  @Test
  void defaultHoldWarningComesFromAnIsoDurationProperty() {
    assertThat(Coroutines.defaultHoldWarning(null)).isEqualTo(Duration.ofSeconds(1));
    assertThat(Coroutines.defaultHoldWarning("PT0.25S")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> Coroutines.defaultHoldWarning("250ms"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Coroutines.HOLD_WARNING_PROPERTY);
    assertThat(Coroutines.builder().build().holdWarning()).isEqualTo(Duration.ofSeconds(1));
  }
}
