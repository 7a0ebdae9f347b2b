package dev.braid.defer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Waits on several Deferreds at once: Twisted's {@code DeferredList}, as two static factories whose
 * options are {@link Option} values instead of boolean flags.
 *
 * <ul>
 *   <li>{@link #of} fires with every input's {@link Outcome}, in input order, once all inputs have
 *       a result.
 *   <li>{@link #firstValue} (Twisted's {@code fireOnOneCallback}) fires with the first value any
 *       input produces and its position; if none produces a value it fails with a {@link
 *       FailureGroupException} holding all their errors.
 * </ul>
 *
 * <p>With {@link Option#FIRE_ON_ONE_ERRBACK} either one fails at the first input error, with a
 * {@link FirstErrorException} giving its position. Without {@link Option#CONSUME_ERRORS} an input's
 * error passes on unchanged down that input's own chain (where it is logged as unhandled unless
 * something else handles it); with it, the input's chain goes on with null instead. Values always
 * pass on unchanged. Cancelling the returned Deferred cancels every input that has no result yet;
 * it then fires as those results come in.
 *
 * <p>For the common cases see {@link Deferred#gather} (all values, or the first error) and {@link
 * Deferred#race} (first value, losers cancelled). Like Deferred, not thread-safe: call these on the
 * thread that owns the inputs (the reactor thread).
 */
public final class DeferredList {
  /** How a DeferredList treats the errors of its inputs. */
  public enum Option {
    /** Fail at the first input error, with a {@link FirstErrorException}. */
    FIRE_ON_ONE_ERRBACK,
    /** Handle each input's error, so its chain goes on with null and nothing is logged. */
    CONSUME_ERRORS,
  }

  private enum Mode {
    ALL,
    FIRST_VALUE,
    RACE
  }

  private DeferredList() {}

  /**
   * A Deferred that fires, once every one of {@code deferreds} has a result, with the list of their
   * outcomes in input order (an empty list at once when there are none). See the class description
   * for {@code options}.
   */
  public static <T> Deferred<List<Outcome<T>>> of(
      List<? extends Deferred<? extends T>> deferreds, Option... options) {
    return Watch.start(
        deferreds,
        Mode.ALL,
        has(options, Option.FIRE_ON_ONE_ERRBACK),
        has(options, Option.CONSUME_ERRORS));
  }

  /**
   * A Deferred that fires with the first value any of {@code deferreds} produces and its position
   * in the list (Twisted's {@code fireOnOneCallback}); the other inputs are left running. It fails
   * with a {@link FailureGroupException} when every input fails (at once when there are none). See
   * the class description for {@code options}.
   */
  public static <T> Deferred<Deferred.RaceResult<T>> firstValue(
      List<? extends Deferred<? extends T>> deferreds, Option... options) {
    return Watch.start(
        deferreds,
        Mode.FIRST_VALUE,
        has(options, Option.FIRE_ON_ONE_ERRBACK),
        has(options, Option.CONSUME_ERRORS));
  }

  /** See {@link Deferred#gather}. */
  static <T> Deferred<List<T>> gather(List<? extends Deferred<? extends T>> deferreds) {
    Deferred<List<Outcome<T>>> all = Watch.start(deferreds, Mode.ALL, true, true);
    return all.addCallback(
        outcomes -> {
          List<T> values = new ArrayList<>(outcomes.size());
          for (Outcome<T> outcome : outcomes) {
            values.add(outcome.getOrThrow());
          }
          return Collections.unmodifiableList(values);
        });
  }

  /** See {@link Deferred#race}. */
  static <T> Deferred<Deferred.RaceResult<T>> race(
      List<? extends Deferred<? extends T>> deferreds) {
    return Watch.start(deferreds, Mode.RACE, false, true);
  }

  private static boolean has(Option[] options, Option option) {
    return Arrays.asList(options).contains(option);
  }

  /** The state of one DeferredList: what each input produced and when to fire. */
  private static final class Watch<T> {
    private final List<Deferred<? extends T>> inputs;
    private final Mode mode;
    private final boolean fireOnOneErrback;
    private final boolean consumeErrors;
    private final List<Outcome<T>> outcomes;
    private int done;
    private Deferred<Object> result;

    private Watch(
        List<Deferred<? extends T>> inputs,
        Mode mode,
        boolean fireOnOneErrback,
        boolean consumeErrors) {
      this.inputs = inputs;
      this.mode = mode;
      this.fireOnOneErrback = fireOnOneErrback;
      this.consumeErrors = consumeErrors;
      this.outcomes = new ArrayList<>(Collections.nCopies(inputs.size(), null));
    }

    @SuppressWarnings("unchecked")
    static <T, R> Deferred<R> start(
        List<? extends Deferred<? extends T>> deferreds,
        Mode mode,
        boolean fireOnOneErrback,
        boolean consumeErrors) {
      Watch<T> watch = new Watch<>(List.copyOf(deferreds), mode, fireOnOneErrback, consumeErrors);
      watch.result = new Deferred<>(ignored -> watch.cancelPending());
      for (int i = 0; i < watch.inputs.size(); i++) {
        watch.watch(i, watch.inputs.get(i));
      }
      if (watch.inputs.isEmpty()) {
        watch.finish();
      }
      return (Deferred<R>) (Deferred<?>) watch.result;
    }

    private <V extends T> void watch(int index, Deferred<V> input) {
      input.addCallbacks(
          value -> {
            onValue(index, value);
            return value;
          },
          error -> {
            onError(index, error);
            if (consumeErrors) {
              return null;
            }
            throw Deferred.sneaky(error);
          });
    }

    private void onValue(int index, T value) {
      outcomes.set(index, new Outcome.Success<>(value));
      done++;
      if (result.called()) {
        return;
      }
      if (mode == Mode.ALL) {
        if (done == inputs.size()) {
          finish();
        }
        return;
      }
      result.callback(new Deferred.RaceResult<>(index, value));
      if (mode == Mode.RACE) {
        cancelPending();
      }
    }

    private void onError(int index, Throwable error) {
      outcomes.set(index, new Outcome.Failure<>(error));
      done++;
      if (result.called()) {
        return;
      }
      if (fireOnOneErrback) {
        result.errback(new FirstErrorException(index, error));
      } else if (done == inputs.size()) {
        finish();
      }
    }

    /** Every input has a result and none fired the DeferredList early. */
    private void finish() {
      if (mode == Mode.ALL) {
        result.callback(List.copyOf(outcomes));
        return;
      }
      List<Throwable> errors = new ArrayList<>(outcomes.size());
      for (Outcome<T> outcome : outcomes) {
        if (outcome instanceof Outcome.Failure<T>(var error)) {
          errors.add(error);
        }
      }
      result.errback(new FailureGroupException(errors));
    }

    /** Cancels the inputs that have no result yet (each may fire others as it fails). */
    private void cancelPending() {
      for (int i = 0; i < inputs.size(); i++) {
        if (outcomes.get(i) == null) {
          inputs.get(i).cancel();
        }
      }
    }
  }
}
