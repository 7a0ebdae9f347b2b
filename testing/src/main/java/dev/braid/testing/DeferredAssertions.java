package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the result of a Deferred that a test expects to have fired already (Twisted trial's {@code
 * successResultOf}, {@code failureResultOf} and {@code assertNoResult}). With a {@link FakeClock},
 * a {@link MemoryReactor} or a {@link LoopbackPump} nothing happens behind the test's back, so a
 * test moves time or pumps bytes and then says what the Deferred must hold:
 *
 * <pre>{@code
 * Deferred<String> reply = client.ask("ping");
 * assertNoResult(reply);
 * pump.flush();
 * assertThat(successResultOf(reply)).isEqualTo("pong");
 * }</pre>
 *
 * <h2>What reading does to the Deferred</h2>
 *
 * Each method adds one callback/errback pair to the Deferred's chain. If the Deferred has a result
 * at that moment, the pair records it:
 *
 * <ul>
 *   <li>a <b>value</b> passes through unchanged, so later callbacks (and a second read) see it;
 *   <li>an <b>error</b> is consumed: the chain goes on with a {@code null} value, as Twisted's
 *       helpers do. The error is therefore never reported as an unhandled error in a Deferred (the
 *       "Unhandled error in Deferred" log that fails a {@link BraidTest}), whether the test
 *       expected it or not; an unexpected error is reported as the cause of the {@link
 *       AssertionError}.
 * </ul>
 *
 * If the Deferred has no result yet (it has not fired, or it waits on a Deferred returned by one of
 * its callbacks), the pair stays in the chain and passes the later result through untouched.
 *
 * <p>Test thread only, like the Deferred itself.
 */
public final class DeferredAssertions {
  private DeferredAssertions() {}

  /**
   * Returns the value {@code deferred} holds. Fails with an {@link AssertionError} if it has no
   * result yet, or if it failed (with the error as the cause, and the error consumed).
   */
  public static <T> T successResultOf(Deferred<T> deferred) {
    Optional<Outcome<T>> outcome = take(deferred);
    if (outcome.isEmpty()) {
      throw new AssertionError(
          "expected the Deferred to have a value, but it has no result yet: " + deferred);
    }
    return switch (outcome.get()) {
      case Outcome.Success<T>(var value) -> value;
      case Outcome.Failure<T>(var error) ->
          throw new AssertionError(
              "expected the Deferred to have a value, but it failed with " + error, error);
    };
  }

  /**
   * Returns the error {@code deferred} failed with (and consumes it, see the class doc). Fails with
   * an {@link AssertionError} if it has no result yet, if it holds a value, or if {@code expected}
   * is not empty and the error is an instance of none of the given types.
   */
  @SafeVarargs
  public static Throwable failureResultOf(
      Deferred<?> deferred, Class<? extends Throwable>... expected) {
    Throwable error = takeFailure(deferred);
    List<Class<?>> types = new ArrayList<>(expected.length);
    for (Class<? extends Throwable> type : expected) {
      types.add(type);
    }
    if (!types.isEmpty() && types.stream().noneMatch(t -> t.isInstance(error))) {
      throw wrongFailure(types, error);
    }
    return error;
  }

  /**
   * Same as {@link #failureResultOf(Deferred, Class[])} with one expected type, returning the error
   * as that type.
   */
  public static <E extends Throwable> E failureResultOf(Deferred<?> deferred, Class<E> expected) {
    Throwable error = takeFailure(deferred);
    if (!expected.isInstance(error)) {
      throw wrongFailure(List.of(expected), error);
    }
    return expected.cast(error);
  }

  private static AssertionError wrongFailure(List<? extends Class<?>> expected, Throwable error) {
    return new AssertionError(
        "expected the Deferred to fail with "
            + (expected.size() == 1
                ? expected.getFirst().getName()
                : "one of " + expected.stream().map(Class::getName).toList())
            + ", but it failed with "
            + error,
        error);
  }

  /**
   * Passes when {@code deferred} has no result yet. Fails with an {@link AssertionError} naming the
   * result otherwise; an error found there is consumed and given as the cause.
   */
  public static void assertNoResult(Deferred<?> deferred) {
    Optional<? extends Outcome<?>> outcome = take(deferred);
    if (outcome.isEmpty()) {
      return;
    }
    switch (outcome.get()) {
      case Outcome.Success<?>(var value) ->
          throw new AssertionError(
              "expected the Deferred to have no result yet, but it has the value " + value);
      case Outcome.Failure<?>(var error) ->
          throw new AssertionError(
              "expected the Deferred to have no result yet, but it failed with " + error, error);
    }
  }

  private static Throwable takeFailure(Deferred<?> deferred) {
    Optional<? extends Outcome<?>> outcome = take(deferred);
    if (outcome.isEmpty()) {
      throw new AssertionError(
          "expected the Deferred to fail, but it has no result yet: " + deferred);
    }
    return switch (outcome.get()) {
      case Outcome.Failure<?>(var error) -> error;
      case Outcome.Success<?>(var value) ->
          throw new AssertionError(
              "expected the Deferred to fail, but it succeeded with the value " + value);
    };
  }

  /**
   * The result {@code deferred} holds right now, if any; an error is consumed (the chain goes on
   * with null). Used by {@link MemoryReactor#blockingCallFromThread} as well.
   */
  static <T> Optional<Outcome<T>> take(Deferred<T> deferred) {
    var capture = new Capture<T>();
    deferred.addCallbacks(
        value -> {
          if (capture.reading) {
            capture.outcome = new Outcome.Success<>(value);
          }
          return value;
        },
        error -> {
          if (capture.reading) {
            capture.outcome = new Outcome.Failure<>(error);
            return null;
          }
          throw DeferredAssertions.<RuntimeException>sneakyThrow(error);
        });
    capture.reading = false;
    return Optional.ofNullable(capture.outcome);
  }

  /** What one read saw; {@code reading} is true only while the read adds its callbacks. */
  private static final class Capture<T> {
    boolean reading = true;
    Outcome<T> outcome;
  }

  /** Throws {@code error} as it is, whatever its type (it keeps the chain on the error path). */
  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneakyThrow(Throwable error) throws E {
    throw (E) error;
  }
}
