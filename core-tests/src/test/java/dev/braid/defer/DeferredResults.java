package dev.braid.defer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Deferred's current result in a test, like Twisted trial's {@code successResultOf}, {@code
 * failureResultOf} and {@code assertNoResult}.
 */
final class DeferredResults {
  private DeferredResults() {}

  /**
   * The value at the end of {@code d}'s chain now; fails the test otherwise. Leaves it in place.
   */
  static <T> T valueOf(Deferred<T> d) {
    List<Outcome<T>> seen = new ArrayList<>();
    d.addCallbacks(
        value -> {
          seen.add(new Outcome.Success<>(value));
          return value;
        },
        error -> {
          seen.add(new Outcome.Failure<>(error));
          throw Deferred.sneaky(error);
        });
    assertThat(seen).as("result of %s", d).hasSize(1);
    return switch (seen.getFirst()) {
      case Outcome.Success<T>(var value) -> value;
      case Outcome.Failure<T>(var error) -> {
        d.addErrback(e -> null); // keep the test's own report clean of an extra unhandled error
        throw new AssertionError("expected a value but the Deferred failed", error);
      }
    };
  }

  /** The error at the end of {@code d}'s chain now, which it handles; fails the test otherwise. */
  static Throwable failureOf(Deferred<?> d) {
    List<Outcome<Object>> seen = new ArrayList<>();
    d.addCallbacks(
        value -> {
          seen.add(new Outcome.Success<>(value));
          return value;
        },
        error -> {
          seen.add(new Outcome.Failure<>(error));
          return null;
        });
    assertThat(seen).as("result of %s", d).hasSize(1);
    if (seen.getFirst() instanceof Outcome.Failure<Object>(var error)) {
      return error;
    }
    return fail("expected a failure but the Deferred has the value " + seen.getFirst());
  }

  /** Fails the test if {@code d}'s chain has a result at its end now. */
  static void assertNoResult(Deferred<?> d) {
    List<Object> seen = new ArrayList<>();
    d.addCallbacks(
        value -> {
          seen.add(value);
          return value;
        },
        error -> {
          seen.add(error);
          throw Deferred.sneaky(error);
        });
    assertThat(seen).as("result of %s", d).isEmpty();
  }
}
