package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.DeferredList.Option;
import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** DeferredList.of and DeferredList.firstValue with their options. */
@BraidTest
class DeferredListTest {
  @Test
  void firesWithEveryOutcomeInInputOrderOnceAllHaveFired() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<String> c = new Deferred<>();
    Deferred<List<Outcome<String>>> all = DeferredList.of(List.of(a, b, c), Option.CONSUME_ERRORS);

    c.callback("c");
    Boom boom = new Boom("b");
    b.errback(boom);
    assertNoResult(all);
    a.callback("a");

    assertThat(valueOf(all))
        .containsExactly(
            new Outcome.Success<>("a"), new Outcome.Failure<>(boom), new Outcome.Success<>("c"));
  }

  @Test
  void inputsThatAlreadyFiredAreCountedAtOnce() {
    Deferred<List<Outcome<Integer>>> all =
        DeferredList.of(List.of(Deferred.succeed(1), Deferred.succeed(2)));
    assertThat(valueOf(all)).containsExactly(new Outcome.Success<>(1), new Outcome.Success<>(2));
  }

  @Test
  void emptyListFiresAtOnceWithAnEmptyList() {
    assertThat(valueOf(DeferredList.<String>of(List.of()))).isEmpty();
  }

  @Test
  void valuesPassOnUnchangedInTheInputs() {
    Deferred<String> a = new Deferred<>();
    DeferredList.of(List.of(a));
    a.callback("kept");
    assertThat(valueOf(a)).isEqualTo("kept");
  }

  @Test
  void withoutConsumeErrorsAnInputsErrorPassesOnUnchangedInThatInput() {
    Boom boom = new Boom("x");
    Deferred<String> a = new Deferred<>();
    Deferred<List<Outcome<String>>> all = DeferredList.of(List.of(a));
    a.errback(boom);
    assertThat(valueOf(all)).containsExactly(new Outcome.Failure<>(boom));
    assertThat(failureOf(a)).isSameAs(boom);
  }

  @Test
  void withoutConsumeErrorsAnInputsErrorIsLoggedIfNothingElseHandlesIt() {
    List<Outcome<String>> outcomes = listOverTwoFailures();
    assertThat(outcomes).hasSize(2);
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).hasSize(2);
  }

  private static List<Outcome<String>> listOverTwoFailures(Option... options) {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<List<Outcome<String>>> all = DeferredList.of(List.of(a, b), options);
    a.errback(new Boom("a"));
    b.errback(new Boom("b"));
    return valueOf(all);
  }

  @Test
  void consumeErrorsHandlesTheInputsErrorsSoNothingIsLogged() {
    List<Outcome<String>> outcomes = listOverTwoFailures(Option.CONSUME_ERRORS);
    assertThat(outcomes).allMatch(o -> o instanceof Outcome.Failure<String>);
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  @Test
  void consumeErrorsLetsAFailedInputsChainGoOnWithNull() {
    Deferred<String> a = new Deferred<>();
    DeferredList.of(List.of(a), Option.CONSUME_ERRORS);
    a.errback(new Boom("x"));
    assertThat(valueOf(a)).isNull();
  }

  @Test
  void fireOnOneErrbackFailsAtTheFirstErrorWithItsIndex() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<String> c = new Deferred<>();
    Deferred<List<Outcome<String>>> all =
        DeferredList.of(List.of(a, b, c), Option.FIRE_ON_ONE_ERRBACK, Option.CONSUME_ERRORS);
    a.callback("a");
    Boom first = new Boom("first");
    c.errback(first);

    Throwable error = failureOf(all);
    assertThat(error).isInstanceOf(FirstErrorException.class).hasCause(first);
    assertThat(((FirstErrorException) error).index()).isEqualTo(2);

    b.errback(new Boom("second, ignored"));
  }

  @Test
  void fireOnOneErrbackFiresWithTheListWhenNothingFails() {
    Deferred<List<Outcome<Integer>>> all =
        DeferredList.of(
            List.of(Deferred.succeed(1), Deferred.succeed(2)), Option.FIRE_ON_ONE_ERRBACK);
    assertThat(valueOf(all)).hasSize(2);
  }

  @Test
  void cancellingTheListCancelsOnlyTheInputsThatHaveNotFired() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> fired = new Deferred<>(self -> cancelled.add("fired"));
    Deferred<String> pending1 = new Deferred<>(self -> cancelled.add("pending1"));
    Deferred<String> pending2 = new Deferred<>(self -> cancelled.add("pending2"));
    fired.callback("done");
    Deferred<List<Outcome<String>>> all =
        DeferredList.of(List.of(pending1, fired, pending2), Option.CONSUME_ERRORS);

    all.cancel();

    assertThat(cancelled).containsExactly("pending1", "pending2");
    List<Outcome<String>> outcomes = valueOf(all);
    assertThat(outcomes.get(1)).isEqualTo(new Outcome.Success<>("done"));
    assertThat(outcomes.get(0))
        .isInstanceOfSatisfying(
            Outcome.Failure.class,
            f -> assertThat(f.error()).isInstanceOf(CancellationException.class));
  }

  @Test
  void cancellingTheListCancelsAnInputWaitingOnAnInnerDeferred() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> inner = new Deferred<>(self -> cancelled.add("inner"));
    Deferred<String> input = Deferred.succeed("x").addDeferredCallback(v -> inner);
    Deferred<List<Outcome<String>>> all = DeferredList.of(List.of(input), Option.CONSUME_ERRORS);
    all.cancel();
    assertThat(cancelled).containsExactly("inner");
    assertThat(valueOf(all)).hasSize(1);
  }

  @Test
  void firstValueFiresWithTheFirstValueAndItsIndexAndLeavesTheOthersRunning() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> a = new Deferred<>(self -> cancelled.add("a"));
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> first = DeferredList.firstValue(List.of(a, b));

    b.callback("b wins");

    assertThat(valueOf(first)).isEqualTo(new Deferred.RaceResult<>(1, "b wins"));
    assertThat(cancelled).isEmpty();
    assertThat(a.called()).isFalse();
    a.callback("a later");
    assertThat(valueOf(a)).isEqualTo("a later");
  }

  @Test
  void firstValueIgnoresErrorsWhileAValueMayStillCome() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> first =
        DeferredList.firstValue(List.of(a, b), Option.CONSUME_ERRORS);
    a.errback(new Boom("a"));
    assertNoResult(first);
    b.callback("b");
    assertThat(valueOf(first)).isEqualTo(new Deferred.RaceResult<>(1, "b"));
  }

  @Test
  void firstValueFailsWithEveryErrorInInputOrderWhenAllFail() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> first =
        DeferredList.firstValue(List.of(a, b), Option.CONSUME_ERRORS);
    Boom boomB = new Boom("b");
    Boom boomA = new Boom("a");
    b.errback(boomB);
    a.errback(boomA);
    Throwable error = failureOf(first);
    assertThat(error).isInstanceOf(FailureGroupException.class);
    assertThat(((FailureGroupException) error).errors()).containsExactly(boomA, boomB);
    assertThat(error.getSuppressed()).containsExactly(boomA, boomB);
  }

  @Test
  void firstValueWithFireOnOneErrbackFailsAtTheFirstError() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> first =
        DeferredList.firstValue(List.of(a, b), Option.FIRE_ON_ONE_ERRBACK, Option.CONSUME_ERRORS);
    Boom boom = new Boom("b");
    b.errback(boom);
    Throwable error = failureOf(first);
    assertThat(error).isInstanceOf(FirstErrorException.class).hasCause(boom);
    assertThat(((FirstErrorException) error).index()).isEqualTo(1);
    a.callback("too late");
  }

  @Test
  void firstValueOfAnEmptyListFailsAtOnce() {
    Throwable error = failureOf(DeferredList.<String>firstValue(List.of()));
    assertThat(error).isInstanceOf(FailureGroupException.class);
    assertThat(((FailureGroupException) error).errors()).isEmpty();
  }
}
