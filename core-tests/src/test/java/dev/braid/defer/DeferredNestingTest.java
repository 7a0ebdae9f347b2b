package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Callbacks that return Deferreds, chain(), and chains deep enough to overflow a recursive runner.
 */
@BraidTest
class DeferredNestingTest {
  private static final int DEEP = 100_000;

  @Test
  void callbackReturningAnUnfiredDeferredPausesTheOuterChainUntilItFires() {
    Deferred<String> inner = new Deferred<>();
    List<String> order = new ArrayList<>();
    Deferred<String> outer = new Deferred<>();
    Deferred<String> end =
        outer
            .<String>addDeferredCallback(v -> inner)
            .addCallback(
                v -> {
                  order.add("after inner: " + v);
                  return v;
                });
    outer.callback("start");

    assertThat(outer.paused()).isTrue();
    assertThat(order).isEmpty();
    assertNoResult(end);

    inner.callback("inner value");

    assertThat(outer.paused()).isFalse();
    assertThat(order).containsExactly("after inner: inner value");
  }

  @Test
  void callbackReturningAnAlreadyFiredDeferredGoesOnAtOnceWithItsResult() {
    Deferred<String> d = Deferred.succeed(1).addDeferredCallback(v -> Deferred.succeed("got " + v));
    assertThat(d.paused()).isFalse();
    assertThat(valueOf(d)).isEqualTo("got 1");
  }

  @Test
  void innerDeferredThatAlreadyFailedPutsTheOuterOnTheErrbackPath() {
    Boom boom = new Boom("inner");
    Deferred<String> d = Deferred.succeed(1).addDeferredCallback(v -> Deferred.<String>fail(boom));
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void innerDeferredThatFailsLaterPutsTheOuterOnTheErrbackPath() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> d = Deferred.succeed(1).addDeferredCallback(v -> inner);
    assertNoResult(d);
    Boom boom = new Boom("inner");
    inner.errback(boom);
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void innerDeferredsOwnCallbacksRunBeforeTheOuterChainResumes() {
    Deferred<Integer> inner = new Deferred<>();
    Deferred<Integer> innerEnd = inner.addCallback(v -> v * 10);
    Deferred<Integer> outer = Deferred.succeed("x").addDeferredCallback(v -> innerEnd);
    inner.callback(4);
    assertThat(valueOf(outer)).isEqualTo(40);
  }

  @Test
  void innerDeferredGoesOnWithNullAfterHandingItsResultToTheOuter() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("x").addDeferredCallback(v -> inner);
    inner.callback("taken");
    assertThat(valueOf(outer)).isEqualTo("taken");
    assertThat(valueOf(inner)).isNull();
  }

  @Test
  void callbackAddedToAPausedDeferredWaitsForTheInnerResult() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("x").addDeferredCallback(v -> inner);
    List<String> seen = new ArrayList<>();
    outer.addListener(seen::add);
    assertThat(seen).isEmpty();
    inner.callback("late");
    assertThat(seen).containsExactly("late");
  }

  @Test
  void callbackReturningItsOwnDeferredFails() {
    Deferred<String> d = new Deferred<>();
    d.addDeferredCallback(v -> d);
    d.callback("x");
    assertThat(failureOf(d)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void deferredReturnedFromTwoCallbacksFailsTheSecondChain() {
    Deferred<String> shared = new Deferred<>();
    Deferred<String> first = Deferred.succeed(1).addDeferredCallback(v -> shared);
    Deferred<String> second = Deferred.succeed(2).addDeferredCallback(v -> shared);
    assertThat(failureOf(second)).isInstanceOf(IllegalStateException.class);
    shared.callback("v");
    assertThat(valueOf(first)).isEqualTo("v");
  }

  @Test
  void deferredReturnedWhileItsOwnChainRunsHandsOverTheResultAtTheEndOfThatChain() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = new Deferred<>();
    source.chain(target);
    Deferred<String> taker = target.addDeferredCallback(v -> source);
    source.addCallback(v -> "source's later callback ran first");
    source.callback("x");
    assertThat(valueOf(taker)).isEqualTo("source's later callback ran first");
  }

  @Test
  void chainSendsTheValueToTheOtherDeferredAndGoesOnWithNull() {
    Deferred<String> d = new Deferred<>();
    Deferred<String> other = new Deferred<>();
    assertThat(d.chain(other)).isSameAs(other);
    d.callback("v");
    assertThat(valueOf(other)).isEqualTo("v");
    assertThat(valueOf(d)).isNull();
  }

  @Test
  void chainSendsTheErrorToTheOtherDeferredAndGoesOnWithNull() {
    Boom boom = new Boom("x");
    Deferred<String> d = new Deferred<>();
    Deferred<String> other = d.chain(new Deferred<>());
    d.errback(boom);
    assertThat(failureOf(other)).isSameAs(boom);
    assertThat(valueOf(d)).isNull();
  }

  @Test
  void chainSendsTheResultAtThatPointOfTheChain() {
    Deferred<Integer> d = new Deferred<>();
    Deferred<Integer> other = d.addCallback(v -> v + 1).chain(new Deferred<>());
    d.callback(1);
    assertThat(valueOf(other)).isEqualTo(2);
  }

  @Test
  void chainToAFiredDeferredPutsThisChainOnTheErrbackPath() {
    Deferred<String> other = Deferred.succeed("already");
    Deferred<String> d = Deferred.succeed("v");
    d.chain(other);
    assertThat(failureOf(d)).isInstanceOf(AlreadyCalledException.class);
    assertThat(valueOf(other)).isEqualTo("already");
  }

  @Test
  void chainToACancelledDeferredIsIgnoredOnce() {
    Deferred<String> other = new Deferred<>();
    other.cancel();
    assertThat(failureOf(other)).isInstanceOf(java.util.concurrent.CancellationException.class);
    Deferred<String> d = Deferred.succeed("v");
    d.chain(other);
    assertThat(valueOf(d)).isNull();
  }

  @Test
  void chainToItselfIsRejected() {
    Deferred<String> d = new Deferred<>();
    assertThatThrownBy(() -> d.chain(d)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chainTargetMayBeReturnedFromACallback() {
    Deferred<String> source = new Deferred<>();
    Deferred<String> target = source.chain(new Deferred<>());
    Deferred<String> outer = Deferred.succeed(1).addDeferredCallback(v -> target);
    source.callback("through the chain");
    assertThat(valueOf(outer)).isEqualTo("through the chain");
  }

  @Test
  void nestedChainFiredOutsideInFiresWithoutStackOverflow() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    pauseEachOnTheNext(ds);
    assertThat(ds.getFirst().paused()).isTrue();
    ds.getLast().callback(-1);
    assertThat(valueOf(ds.getFirst())).isEqualTo(-1);
    assertThat(ds.get(DEEP / 2).paused()).isFalse();
  }

  @Test
  void nestedChainFiredInsideOutFiresWithoutStackOverflow() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    for (int i = 0; i < DEEP - 1; i++) {
      Deferred<Integer> next = ds.get(i + 1);
      ds.get(i).addDeferredCallback(v -> next);
    }
    for (int i = DEEP - 1; i >= 0; i--) {
      ds.get(i).callback(i);
    }
    assertThat(valueOf(ds.getFirst())).isEqualTo(DEEP - 1);
  }

  @Test
  void chainWhoseCallbacksEachCreateTheNextUnfiredDeferredFiresWithoutStackOverflow() {
    List<Deferred<Integer>> created = new ArrayList<>();
    Deferred<Integer> root = new Deferred<>();
    Deferred<Integer> end = root.addDeferredCallback(v -> nextLevel(created, v));
    root.callback(0);
    // Each level's callback ran when the level before fired; fire them outside-in.
    for (int i = 0; i < created.size(); i++) {
      created.get(i).callback(i + 1);
    }
    assertThat(created).hasSize(DEEP);
    assertThat(valueOf(end)).isEqualTo(DEEP);
  }

  private static Deferred<Integer> nextLevel(List<Deferred<Integer>> created, int level) {
    Deferred<Integer> d = new Deferred<>();
    created.add(d);
    if (level + 1 < DEEP) {
      return d.addDeferredCallback(v -> nextLevel(created, v));
    }
    return d;
  }

  @Test
  void nestedFailureTravelsOutThroughADeepChainWithoutStackOverflow() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    pauseEachOnTheNext(ds);
    Boom boom = new Boom("innermost");
    ds.getLast().errback(boom);
    assertThat(failureOf(ds.getFirst())).isSameAs(boom);
  }

  @Test
  void longChainSequenceFiresWithoutStackOverflow() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    for (int i = 0; i < DEEP - 1; i++) {
      ds.get(i).chain(ds.get(i + 1));
    }
    ds.getFirst().callback(7);
    assertThat(valueOf(ds.getLast())).isEqualTo(7);
    assertThat(valueOf(ds.get(DEEP / 2))).isNull();
  }

  @Test
  void longChainSequenceBuiltBackwardsFiresWithoutStackOverflow() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    for (int i = DEEP - 2; i >= 0; i--) {
      ds.get(i).chain(ds.get(i + 1));
    }
    Boom boom = new Boom("through every link");
    ds.getFirst().errback(boom);
    assertThat(failureOf(ds.getLast())).isSameAs(boom);
  }

  @Test
  void toStringOfADeeplyPausedChainDoesNotRecurse() {
    List<Deferred<Integer>> ds = unfired(DEEP);
    pauseEachOnTheNext(ds);
    assertThat(ds.getFirst().toString()).startsWith("Deferred[paused on Deferred@");
    ds.getLast().callback(0);
  }

  /** Each Deferred but the last gets a callback returning the next, then fires, outside-in. */
  private static void pauseEachOnTheNext(List<Deferred<Integer>> ds) {
    for (int i = 0; i < ds.size() - 1; i++) {
      Deferred<Integer> next = ds.get(i + 1);
      ds.get(i).addDeferredCallback(v -> next);
    }
    for (int i = 0; i < ds.size() - 1; i++) {
      ds.get(i).callback(i);
    }
  }

  private static List<Deferred<Integer>> unfired(int n) {
    List<Deferred<Integer>> ds = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ds.add(new Deferred<>());
    }
    return ds;
  }
}
