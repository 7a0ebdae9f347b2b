package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Deferred.gather and Deferred.race. */
@BraidTest
class GatherAndRaceTest {
  @Test
  void gatherFiresWithTheValuesInInputOrder() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferred.gather(List.of(a, b));
    b.callback(2);
    assertNoResult(all);
    a.callback(1);
    assertThat(valueOf(all)).containsExactly(1, 2);
  }

  @Test
  void gatherKeepsNullValuesOfVoidDeferreds() {
    Deferred<List<Void>> all = Deferred.gather(List.of(Deferred.<Void>succeed(null)));
    assertThat(valueOf(all)).containsExactly((Void) null);
  }

  @Test
  void gatherOfAnEmptyListFiresAtOnceWithAnEmptyList() {
    assertThat(valueOf(Deferred.<String>gather(List.of()))).isEmpty();
  }

  @Test
  void gatherFailsAtTheFirstErrorWithItsIndexWithoutWaitingForTheRest() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferred.gather(List.of(a, b));
    Boom boom = new Boom("b");
    b.errback(boom);
    Throwable error = failureOf(all);
    assertThat(error).isInstanceOf(FirstErrorException.class).hasCause(boom);
    assertThat(((FirstErrorException) error).index()).isEqualTo(1);
    a.callback(1);
  }

  @Test
  void gatherConsumesTheInputsErrors() {
    Throwable error = gatherTwoFailures();
    assertThat(error).isInstanceOf(FirstErrorException.class);
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static Throwable gatherTwoFailures() {
    Deferred<Integer> a = new Deferred<>();
    Deferred<Integer> b = new Deferred<>();
    Deferred<List<Integer>> all = Deferred.gather(List.of(a, b));
    a.errback(new Boom("a"));
    b.errback(new Boom("b"));
    assertThat(valueOf(a)).isNull();
    return failureOf(all);
  }

  @Test
  void cancellingGatherCancelsTheInputsThatHaveNotFired() {
    List<String> cancelled = new ArrayList<>();
    Deferred<Integer> a = Deferred.succeed(1);
    Deferred<Integer> b = new Deferred<>(self -> cancelled.add("b"));
    Deferred<List<Integer>> all = Deferred.gather(List.of(a, b));
    all.cancel();
    assertThat(cancelled).containsExactly("b");
    assertThat(failureOf(all))
        .isInstanceOf(FirstErrorException.class)
        .hasCauseInstanceOf(CancellationException.class);
  }

  @Test
  void raceFiresWithTheFirstValueAndItsIndexAndCancelsTheLosers() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> a = new Deferred<>(self -> cancelled.add("a"));
    Deferred<String> b = new Deferred<>(self -> cancelled.add("b"));
    Deferred<String> c = new Deferred<>(self -> cancelled.add("c"));
    Deferred<Deferred.RaceResult<String>> race = Deferred.race(List.of(a, b, c));

    b.callback("b wins");

    assertThat(valueOf(race)).isEqualTo(new Deferred.RaceResult<>(1, "b wins"));
    assertThat(cancelled).containsExactly("a", "c");
    assertThat(valueOf(b)).isEqualTo("b wins");
  }

  @Test
  void raceWithAnInputThatAlreadyHasAValueCancelsTheOthersAtOnce() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> slow = new Deferred<>(self -> cancelled.add("slow"));
    Deferred<Deferred.RaceResult<String>> race =
        Deferred.race(List.of(slow, Deferred.succeed("ready")));
    assertThat(valueOf(race)).isEqualTo(new Deferred.RaceResult<>(1, "ready"));
    assertThat(cancelled).containsExactly("slow");
  }

  @Test
  void raceLosersCancellationErrorsAreNotLogged() {
    runRaceWithLosers();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(CancellationException.class)).isEmpty();
  }

  private static void runRaceWithLosers() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> race = Deferred.race(List.of(a, b));
    a.callback("a");
    assertThat(valueOf(race).index()).isZero();
  }

  @Test
  void raceGoesOnAfterAnInputFails() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> race = Deferred.race(List.of(a, b));
    a.errback(new Boom("a"));
    assertNoResult(race);
    b.callback("b");
    assertThat(valueOf(race)).isEqualTo(new Deferred.RaceResult<>(1, "b"));
  }

  @Test
  void raceFailsWithEveryErrorInInputOrderOnlyWhenAllFail() {
    Deferred<String> a = new Deferred<>();
    Deferred<String> b = new Deferred<>();
    Deferred<String> c = new Deferred<>();
    Deferred<Deferred.RaceResult<String>> race = Deferred.race(List.of(a, b, c));
    Boom[] booms = {new Boom("a"), new Boom("b"), new Boom("c")};
    c.errback(booms[2]);
    a.errback(booms[0]);
    assertNoResult(race);
    b.errback(booms[1]);
    Throwable error = failureOf(race);
    assertThat(error).isInstanceOf(FailureGroupException.class);
    assertThat(((FailureGroupException) error).errors())
        .containsExactlyElementsOf(Arrays.asList(booms));
  }

  @Test
  void cancellingTheRaceCancelsEveryInputAndFailsWithTheirCancellations() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> a = new Deferred<>(self -> cancelled.add("a"));
    Deferred<String> b = new Deferred<>(self -> cancelled.add("b"));
    Deferred<Deferred.RaceResult<String>> race = Deferred.race(List.of(a, b));
    race.cancel();
    assertThat(cancelled).containsExactly("a", "b");
    Throwable error = failureOf(race);
    assertThat(((FailureGroupException) error).errors())
        .hasSize(2)
        .allMatch(e -> e instanceof CancellationException);
  }

  @Test
  void raceOfAnEmptyListFailsAtOnce() {
    assertThat(failureOf(Deferred.<String>race(List.of())))
        .isInstanceOf(FailureGroupException.class);
  }
}
