package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Firing a Deferred and running its chain: the callback and errback paths. */
@BraidTest
class DeferredCallbackTest {
  @Test
  void callbacksRunSynchronouslyInOrderWhenTheDeferredFires() {
    List<String> order = new ArrayList<>();
    Deferred<Integer> d = new Deferred<>();
    Deferred<String> end =
        d.addCallback(
                v -> {
                  order.add("first got " + v);
                  return v * 2;
                })
            .addCallback(
                v -> {
                  order.add("second got " + v);
                  return "value " + v;
                });
    assertThat(order).isEmpty();
    assertNoResult(end);

    d.callback(21);

    assertThat(order).containsExactly("first got 21", "second got 42");
    assertThat(valueOf(end)).isEqualTo("value 42");
  }

  @Test
  void succeededIsTrueOnlyForAFiredValueThatNothingWaitsOn() {
    Deferred<Integer> waiting = new Deferred<>();
    assertThat(waiting.succeeded()).isFalse();
    waiting.callback(1);
    assertThat(waiting.succeeded()).isTrue();

    Deferred<Integer> failed = Deferred.fail(new IOException("down"));
    assertThat(failed.succeeded()).isFalse();
    assertThat(valueOf(failed.addErrback(e -> 2))).isEqualTo(2);
    assertThat(failed.succeeded()).isTrue();

    Deferred<Integer> inner = new Deferred<>();
    Deferred<Integer> outer = Deferred.succeed(0).addDeferredCallback(v -> inner);
    assertThat(outer.succeeded()).isFalse();
    inner.callback(3);
    assertThat(outer.succeeded()).isTrue();

    Deferred<Integer> broken =
        Deferred.succeed(1)
            .addCallback(
                v -> {
                  throw new IOException("bad");
                });
    assertThat(broken.succeeded()).isFalse();
    assertThat(failureOf(broken)).isInstanceOf(IOException.class);
  }

  @Test
  void addCallbackReturnsTheSameDeferredRetyped() {
    Deferred<Integer> d = new Deferred<>();
    Deferred<String> retyped = d.addCallback(String::valueOf);
    assertThat((Object) retyped).isSameAs(d);
  }

  @Test
  void callbackAddedAfterFiringRunsAtOnceWithTheCurrentResult() {
    Deferred<Integer> d = Deferred.succeed(1).addCallback(v -> v + 1);
    List<Integer> seen = new ArrayList<>();
    d.addListener(seen::add);
    assertThat(seen).containsExactly(2);
  }

  @Test
  void callbackAddedByARunningCallbackToItsOwnDeferredRunsAfterTheCurrentCallback() {
    List<String> order = new ArrayList<>();
    Deferred<String> d = new Deferred<>();
    d.addCallback(
            v -> {
              d.addCallback(
                  w -> {
                    order.add("added during: " + w);
                    return w;
                  });
              order.add("first");
              return v + "!";
            })
        .addCallback(
            v -> {
              order.add("second: " + v);
              return v;
            });
    d.callback("x");
    assertThat(order).containsExactly("first", "second: x!", "added during: x!");
  }

  @Test
  void succeedAndFailReturnFiredDeferreds() {
    assertThat(Deferred.succeed("v").called()).isTrue();
    assertThat(valueOf(Deferred.succeed("v"))).isEqualTo("v");
    Boom boom = new Boom("x");
    Deferred<String> failed = Deferred.fail(boom);
    assertThat(failed.called()).isTrue();
    assertThat(failureOf(failed)).isSameAs(boom);
  }

  @Test
  void calledBecomesTrueWhenTheDeferredFires() {
    Deferred<String> d = new Deferred<>();
    assertThat(d.called()).isFalse();
    d.callback("v");
    assertThat(d.called()).isTrue();
  }

  @Test
  void secondCallbackThrowsAlreadyCalledAndKeepsTheFirstResult() {
    Deferred<String> d = new Deferred<>();
    d.callback("first");
    assertThatThrownBy(() -> d.callback("second")).isInstanceOf(AlreadyCalledException.class);
    assertThatThrownBy(() -> d.errback(new Boom("late")))
        .isInstanceOf(AlreadyCalledException.class);
    assertThat(valueOf(d)).isEqualTo("first");
  }

  @Test
  void callbackAfterErrbackThrowsAlreadyCalled() {
    Deferred<String> d = new Deferred<>();
    Boom boom = new Boom("first");
    d.errback(boom);
    assertThatThrownBy(() -> d.callback("second"))
        .isInstanceOf(AlreadyCalledException.class)
        .hasMessageContaining("error");
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void callbackWithADeferredAsTheValueIsRejected() {
    Deferred<Object> d = new Deferred<>();
    assertThatThrownBy(() -> d.callback(new Deferred<String>()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(d.called()).isFalse();
  }

  @Test
  void errbackWithNullIsRejected() {
    Deferred<Object> d = new Deferred<>();
    assertThatThrownBy(() -> d.errback(null)).isInstanceOf(NullPointerException.class);
    assertThat(d.called()).isFalse();
  }

  @Test
  void exceptionFromACallbackSkipsLaterCallbacksAndReachesTheNextErrback() {
    List<String> order = new ArrayList<>();
    Boom boom = new Boom("in callback");
    Deferred<String> d = new Deferred<>();
    Deferred<String> end =
        d.<String>addCallback(
                v -> {
                  throw boom;
                })
            .addCallback(
                v -> {
                  order.add("skipped callback");
                  return v;
                })
            .addErrback(
                e -> {
                  order.add("errback got " + e.getMessage());
                  return "recovered";
                });
    d.callback("v");
    assertThat(order).containsExactly("errback got in callback");
    assertThat(valueOf(end)).isEqualTo("recovered");
  }

  @Test
  void checkedExceptionFromACallbackMovesTheChainToTheErrbackPath() {
    Deferred<String> d = new Deferred<>();
    d.addCallback(
        v -> {
          throw new IOException("disk");
        });
    d.callback("v");
    assertThat(failureOf(d)).isInstanceOf(IOException.class).hasMessage("disk");
  }

  @Test
  void recoveringErrbackMovesTheChainBackToTheCallbackPath() {
    List<String> order = new ArrayList<>();
    Deferred<String> d = new Deferred<>();
    d.addErrback(e -> "recovered from " + e.getMessage())
        .addCallback(
            v -> {
              order.add("callback got " + v);
              return v;
            })
        .addErrback(
            e -> {
              order.add("second errback");
              return "unused";
            });
    d.errback(new Boom("boom"));
    assertThat(order).containsExactly("callback got recovered from boom");
  }

  @Test
  void errbackThatThrowsKeepsTheChainFailedWithTheNewError() {
    Boom second = new Boom("second");
    Deferred<String> d = new Deferred<>();
    d.addErrback(
        e -> {
          throw second;
        });
    d.errback(new Boom("first"));
    assertThat(failureOf(d)).isSameAs(second);
  }

  @Test
  void valuesPassErrbacksByUnchanged() {
    List<Throwable> errbackCalls = new ArrayList<>();
    Deferred<String> d =
        Deferred.succeed("v")
            .addErrback(
                e -> {
                  errbackCalls.add(e);
                  return "from errback";
                });
    assertThat(valueOf(d)).isEqualTo("v");
    assertThat(errbackCalls).isEmpty();
  }

  @Test
  void errorsPassCallbacksByUnchanged() {
    Boom boom = new Boom("x");
    List<String> callbackCalls = new ArrayList<>();
    Deferred<String> d =
        Deferred.<String>fail(boom)
            .addCallback(
                v -> {
                  callbackCalls.add(v);
                  return v;
                });
    assertThat(failureOf(d)).isSameAs(boom);
    assertThat(callbackCalls).isEmpty();
  }

  @Test
  void typedErrbackHandlesErrorsOfItsTypeAndSubtypes() {
    Deferred<String> d =
        Deferred.<String>fail(new Boom("sub"))
            .addErrback(RuntimeException.class, e -> "trapped " + e.getMessage());
    assertThat(valueOf(d)).isEqualTo("trapped sub");
  }

  @Test
  void typedErrbackLetsOtherErrorsPassUnchanged() {
    IOException io = new IOException("io");
    List<Throwable> trapped = new ArrayList<>();
    Deferred<String> d =
        Deferred.<String>fail(io)
            .addErrback(
                IllegalStateException.class,
                e -> {
                  trapped.add(e);
                  return "wrong";
                });
    assertThat(failureOf(d)).isSameAs(io);
    assertThat(trapped).isEmpty();
  }

  @Test
  void addBothGetsASuccessOutcomeForAValue() {
    Deferred<String> d =
        Deferred.succeed("v")
            .addBoth(
                outcome ->
                    switch (outcome) {
                      case Outcome.Success<String>(var value) -> "value " + value;
                      case Outcome.Failure<String>(var error) -> "error " + error.getMessage();
                    });
    assertThat(valueOf(d)).isEqualTo("value v");
  }

  @Test
  void addBothGetsAFailureOutcomeForAnErrorAndItsReturnRecovers() {
    Deferred<String> d =
        Deferred.<String>fail(new Boom("x"))
            .addBoth(
                outcome ->
                    switch (outcome) {
                      case Outcome.Success<String>(var value) -> "value " + value;
                      case Outcome.Failure<String>(var error) -> "error " + error.getMessage();
                    });
    assertThat(valueOf(d)).isEqualTo("error x");
  }

  @Test
  void addBothThatThrowsMovesTheChainToTheErrbackPath() {
    Boom boom = new Boom("from both");
    Deferred<String> d =
        Deferred.succeed("v")
            .addBoth(
                outcome -> {
                  throw boom;
                });
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void addCallbacksErrbackDoesNotSeeAnErrorFromItsOwnCallback() {
    Boom boom = new Boom("from callback");
    List<Throwable> errbackSaw = new ArrayList<>();
    Deferred<String> d =
        Deferred.succeed("v")
            .addCallbacks(
                v -> {
                  throw boom;
                },
                e -> {
                  errbackSaw.add(e);
                  return "recovered";
                });
    assertThat(errbackSaw).isEmpty();
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void addCallbacksRunsOnlyTheErrbackForAnEarlierError() {
    List<String> calls = new ArrayList<>();
    Deferred<String> d =
        Deferred.<String>fail(new Boom("earlier"))
            .addCallbacks(
                v -> {
                  calls.add("callback");
                  return v;
                },
                e -> {
                  calls.add("errback " + e.getMessage());
                  return "recovered";
                });
    assertThat(calls).containsExactly("errback earlier");
    assertThat(valueOf(d)).isEqualTo("recovered");
  }

  @Test
  void addFinallyRunsOnTheValuePathAndKeepsTheValue() {
    List<String> ran = new ArrayList<>();
    Deferred<String> d = Deferred.succeed("v").addFinally(() -> ran.add("finally"));
    assertThat(ran).containsExactly("finally");
    assertThat(valueOf(d)).isEqualTo("v");
  }

  @Test
  void addFinallyRunsOnTheErrorPathAndKeepsTheError() {
    Boom boom = new Boom("x");
    List<String> ran = new ArrayList<>();
    Deferred<String> d = Deferred.<String>fail(boom).addFinally(() -> ran.add("finally"));
    assertThat(ran).containsExactly("finally");
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void exceptionFromAddFinallyReplacesTheResult() {
    Boom fromFinally = new Boom("finally");
    Deferred<String> d =
        Deferred.<String>fail(new Boom("original"))
            .addFinally(
                () -> {
                  throw fromFinally;
                });
    assertThat(failureOf(d)).isSameAs(fromFinally);
  }

  @Test
  void addListenerObservesTheValueWithoutChangingIt() {
    List<String> seen = new ArrayList<>();
    Deferred<String> d = Deferred.succeed("v").addListener(seen::add);
    assertThat(seen).containsExactly("v");
    assertThat(valueOf(d)).isEqualTo("v");
  }

  @Test
  void addListenerIsSkippedOnTheErrorPath() {
    List<String> seen = new ArrayList<>();
    Deferred<String> d = Deferred.<String>fail(new Boom("x")).addListener(seen::add);
    assertThat(seen).isEmpty();
    assertThat(failureOf(d)).isInstanceOf(Boom.class);
  }

  @Test
  void exceptionFromAListenerMovesTheChainToTheErrbackPath() {
    Boom boom = new Boom("listener");
    Deferred<String> d =
        Deferred.succeed("v")
            .addListener(
                v -> {
                  throw boom;
                });
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void maybeDeferredTurnsAReturnedValueIntoAFiredDeferred() {
    assertThat(valueOf(Deferred.maybeDeferred(() -> "v"))).isEqualTo("v");
  }

  @Test
  void maybeDeferredTurnsAThrownExceptionIntoAFailedDeferred() {
    IOException io = new IOException("io");
    Deferred<String> d =
        Deferred.maybeDeferred(
            () -> {
              throw io;
            });
    assertThat(failureOf(d)).isSameAs(io);
  }

  @Test
  void maybeDeferredAsyncReturnsTheBodysOwnDeferred() {
    Deferred<String> inner = new Deferred<>();
    assertThat(Deferred.maybeDeferredAsync(() -> inner)).isSameAs(inner);
  }

  @Test
  void maybeDeferredAsyncTurnsAThrownExceptionIntoAFailedDeferred() {
    Boom boom = new Boom("x");
    Deferred<String> d =
        Deferred.maybeDeferredAsync(
            () -> {
              throw boom;
            });
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void maybeDeferredAsyncTurnsANullReturnIntoAFailure() {
    Deferred<String> d = Deferred.maybeDeferredAsync(() -> null);
    assertThat(failureOf(d)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringShowsTheState() {
    Deferred<String> d = new Deferred<>();
    assertThat(d).hasToString("Deferred[waiting]");
    d.callback("v");
    assertThat(d).hasToString("Deferred[fired: v]");
  }
}
