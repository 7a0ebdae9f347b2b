package dev.braid.defer;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result that does not exist yet: Twisted's Deferred with Java types.
 *
 * <p>A Deferred holds a chain of callback/errback pairs. When it fires ({@link #callback} with a
 * value or {@link #errback} with an error) the result runs down the chain: each callback gets the
 * value and returns the next one; a callback that throws moves the chain to the errback path, and
 * an errback that returns a value moves it back. Callbacks added after the Deferred fired run at
 * once. A Deferred fires once; firing it again throws {@link AlreadyCalledException}.
 *
 * <p>A callback added with {@link #addDeferredCallback} may return another Deferred: the chain then
 * pauses until that one fires and goes on with its result. This is done without recursion, so a
 * chain of any depth of nested Deferreds (or of {@link #chain} calls) fires without overflowing the
 * stack, and {@link #cancel()} reaches the innermost one just as well.
 *
 * <p>The type parameter is the type of the value at the end of the chain so far. {@code
 * addCallback} returns this same object, retyped to the callback's result; keep using the returned
 * reference.
 *
 * <h2>Errors nobody handles</h2>
 *
 * A Deferred that is garbage-collected while its chain ends in an error is logged as {@code
 * Unhandled error in Deferred} with the error's stack trace, at ERROR on the logger {@code
 * dev.braid.defer.Deferred}. Add an errback (or pass the Deferred on to someone who does).
 *
 * <h2>Threads</h2>
 *
 * A Deferred is not thread-safe. It belongs to the thread that fires it and adds callbacks to it,
 * which in Braid is a reactor thread; code on another thread hands results in with {@code
 * reactor.callFromThread} (or {@link #fromFuture}). Callbacks run synchronously, on the thread that
 * fires the Deferred (or that adds a callback to a fired one).
 */
public final class Deferred<T> {
  /** Cancels the work behind a Deferred; see {@link Deferred#Deferred(Canceller)}. */
  @FunctionalInterface
  public interface Canceller<T> {
    /**
     * Called by {@link Deferred#cancel()} while the Deferred has no result, on the thread that
     * cancels. It should stop the work and may fire the Deferred (with an errback, usually); if it
     * does not, the Deferred fails with {@link CancellationException}.
     */
    void cancel(Deferred<T> deferred);
  }

  /**
   * The winner of {@link #race} (or of {@link DeferredList#firstValue}): the first value to arrive
   * and the position of its Deferred in the input list.
   */
  public record RaceResult<T>(int index, T value) {}

  private static final Logger LOG = LoggerFactory.getLogger(Deferred.class);
  private static final Object NO_RESULT = new Object();

  /** One callback/errback pair; a null side passes the result through unchanged. */
  private record Step(
      ThrowingFunction<Object, Object> onValue, ThrowingFunction<Throwable, Object> onError) {}

  /** The step a paused Deferred appends to the Deferred it waits on. */
  private record Continue(Deferred<?> outer) {}

  /** The step {@link #chain} appends: fire {@code target} with the result here. */
  private record Chain(Deferred<?> target) {}

  private Object result = NO_RESULT;
  private boolean failed;
  private boolean called;
  // True from the moment a run loop starts this Deferred's steps until that loop is done with it,
  // including while it sits lower on the loop's stack (see runSteps).
  private boolean running;
  private boolean suppressAlreadyCalled;
  private boolean paused;
  private Canceller<T> canceller;
  // The Deferred this one's chain waits on (a callback returned it); null unless paused.
  private Deferred<?> waitingOn;
  // The Deferred whose chain took (or will take) this one's result, after a callback returned this.
  private Deferred<?> resultTakenBy;
  private ArrayList<Object> steps;
  private int nextStep;
  private UnhandledErrors.Tracked unhandled;

  /** A Deferred without a canceller: {@link #cancel()} fails it with CancellationException. */
  public Deferred() {}

  /** A Deferred whose {@link #cancel()} calls {@code canceller} first. */
  public Deferred(Canceller<T> canceller) {
    this.canceller = canceller;
  }

  /** An already fired Deferred holding {@code value}. */
  public static <T> Deferred<T> succeed(T value) {
    Deferred<T> d = new Deferred<>();
    d.callback(value);
    return d;
  }

  /** An already failed Deferred holding {@code error}. */
  public static <T> Deferred<T> fail(Throwable error) {
    Deferred<T> d = new Deferred<>();
    d.errback(error);
    return d;
  }

  /**
   * Calls {@code body} and turns its outcome into a fired Deferred: its value, or its exception as
   * a failure. For a body that itself returns a Deferred, use {@link #maybeDeferredAsync}.
   */
  public static <T> Deferred<T> maybeDeferred(ThrowingSupplier<? extends T> body) {
    try {
      return succeed(body.get());
    } catch (Throwable t) {
      return fail(t);
    }
  }

  /**
   * Calls {@code body}, which returns a Deferred, and returns that Deferred; an exception thrown by
   * {@code body}, or a null it returns, becomes a failed Deferred instead.
   */
  public static <T> Deferred<T> maybeDeferredAsync(ThrowingSupplier<? extends Deferred<T>> body) {
    try {
      Deferred<T> d = body.get();
      if (d == null) {
        return fail(new NullPointerException("the body returned null instead of a Deferred"));
      }
      return d;
    } catch (Throwable t) {
      return fail(t);
    }
  }

  // ---------------------------------------------------------------- many Deferreds

  /**
   * A Deferred that fires with the values of all {@code deferreds}, in input order, once all have a
   * value (Twisted's {@code gatherResults}). It fails as soon as one fails, with a {@link
   * FirstErrorException} that gives the failing position; the inputs' errors are consumed (each
   * input's chain goes on with null), so they are not logged as unhandled. Cancelling it cancels
   * the inputs that have no result yet. An empty list gives an empty list at once. Values may be
   * null (for {@code Deferred<Void>} inputs).
   */
  public static <T> Deferred<List<T>> gather(List<? extends Deferred<? extends T>> deferreds) {
    return DeferredList.gather(deferreds);
  }

  /**
   * A Deferred that fires with the first value any of {@code deferreds} produces, and its position
   * ({@link RaceResult}); the others are then cancelled. It fails only when all inputs fail, with a
   * {@link FailureGroupException} holding every error in input order (an empty list fails at once).
   * Errors of the inputs are consumed. Cancelling it cancels every input that has no result.
   */
  public static <T> Deferred<RaceResult<T>> race(List<? extends Deferred<? extends T>> deferreds) {
    return DeferredList.race(deferreds);
  }

  // ---------------------------------------------------------------- futures

  /**
   * A Deferred that fires with the outcome of {@code stage}. Because a Deferred is not thread-safe,
   * the outcome is handed in through {@code reactor.execute} (usually the reactor's {@code
   * callFromThread}), whichever thread completes the stage; the Deferred fires on the reactor
   * thread. A {@link CompletionException} is unwrapped to its cause.
   *
   * <p>Cancelling the Deferred cancels {@code stage} if it is a {@link Future} (such as a {@link
   * CompletableFuture}); the Deferred fails with {@link CancellationException} at once, and the
   * stage's own outcome, when it is handed in later, is ignored. If {@code reactor} rejects the
   * hand-off (a stopped reactor), the outcome is logged at ERROR and dropped.
   *
   * <p>Call this on the reactor thread.
   */
  public static <T> Deferred<T> fromFuture(CompletionStage<T> stage, Executor reactor) {
    Deferred<T> d =
        new Deferred<>(
            cancelled -> {
              if (stage instanceof Future<?> future) {
                future.cancel(false);
              }
            });
    stage.whenComplete(
        (value, error) -> {
          Runnable delivery =
              error == null ? () -> d.callback(value) : () -> d.errback(unwrapCompletion(error));
          try {
            reactor.execute(delivery);
          } catch (RejectedExecutionException e) {
            LOG.error("The reactor refused a future's result; it is dropped", e);
          }
        });
    return d;
  }

  private static Throwable unwrapCompletion(Throwable error) {
    if (error instanceof CompletionException && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }

  /**
   * A future that completes with the result this chain has at this point: the value, or the error
   * as an exceptional completion. As with {@link #chain}, the result is handed over: this chain
   * goes on with a null value, so its error is not also logged as unhandled here. Cancelling the
   * future cancels this Deferred.
   *
   * <p>The future may be read and waited on from any thread. Cancel it on the thread that owns this
   * Deferred (the reactor thread): cancelling runs {@link #cancel()} on the calling thread.
   */
  public CompletableFuture<T> toCompletableFuture() {
    CancellingFuture<T> future = new CancellingFuture<>(this);
    addStep(
        value -> {
          @SuppressWarnings("unchecked")
          T typed = (T) value;
          future.complete(typed);
          return null;
        },
        error -> {
          future.completeExceptionally(error);
          return null;
        });
    return future;
  }

  /** The future of {@link #toCompletableFuture}: cancelling it cancels its Deferred. */
  private static final class CancellingFuture<T> extends CompletableFuture<T> {
    private final Deferred<?> source;

    CancellingFuture(Deferred<?> source) {
      this.source = source;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        source.cancel();
      }
      return cancelled;
    }
  }

  // ---------------------------------------------------------------- firing

  /** Fires the Deferred with {@code value}. Throws {@link AlreadyCalledException} if it fired. */
  public void callback(T value) {
    if (value instanceof Deferred<?>) {
      throw new IllegalArgumentException(
          "a Deferred cannot be the result of callback(); use chain() or addDeferredCallback()");
    }
    start(value, false);
  }

  /** Fails the Deferred with {@code error}. Throws {@link AlreadyCalledException} if it fired. */
  public void errback(Throwable error) {
    if (error == null) {
      throw new NullPointerException("error");
    }
    start(error, true);
  }

  private void start(Object value, boolean isError) {
    if (called) {
      if (swallowLateResult()) {
        return;
      }
      throw new AlreadyCalledException(
          "Deferred already fired (with " + (failed ? "an error" : "a value") + ")");
    }
    take(value, isError);
    runSteps();
  }

  private void take(Object value, boolean isError) {
    called = true;
    canceller = null;
    result = value;
    failed = isError;
  }

  /**
   * After {@link #cancel()} failed this Deferred, the one result that the uncancelled work may
   * still deliver is ignored: returns true (once) if that is the case.
   */
  private boolean swallowLateResult() {
    if (suppressAlreadyCalled) {
      suppressAlreadyCalled = false;
      return true;
    }
    return false;
  }

  /** True once the Deferred has been fired (it may still be paused on an inner Deferred). */
  public boolean called() {
    return called;
  }

  /**
   * True when the Deferred has fired, its chain is not waiting on an inner Deferred, and its
   * current result is a value, not a failure: an errback added now would not run. Lets a hot path
   * skip adding error handling to work that already succeeded.
   */
  public boolean succeeded() {
    return called && !paused && !running && !failed && resultTakenBy == null;
  }

  /** True while the chain waits on a Deferred returned by a callback. */
  public boolean paused() {
    return paused;
  }

  // ---------------------------------------------------------------- chain building

  /**
   * Adds a callback: it gets the value and returns the next one. Errors pass by it. Returns this
   * Deferred, retyped.
   */
  public <R> Deferred<R> addCallback(ThrowingFunction<? super T, ? extends R> onValue) {
    return addStep(onValue, null);
  }

  /**
   * Adds a callback that returns a Deferred: the chain pauses until that Deferred fires and goes on
   * with its result (value or error).
   */
  public <R> Deferred<R> addDeferredCallback(
      ThrowingFunction<? super T, ? extends Deferred<? extends R>> onValue) {
    return addStep(onValue, null);
  }

  /**
   * Adds an errback: it gets the error and returns a value of this Deferred's type (recovering the
   * chain), or throws (the same or another error) to keep it failed. Values pass by it.
   */
  public Deferred<T> addErrback(ThrowingFunction<? super Throwable, ? extends T> onError) {
    return addStep(null, onError);
  }

  /**
   * Adds an errback that handles only errors of {@code type} (and its subtypes); other errors pass
   * by unchanged (Twisted's {@code trap}).
   */
  public <E extends Throwable> Deferred<T> addErrback(
      Class<E> type, ThrowingFunction<? super E, ? extends T> onError) {
    ThrowingFunction<Throwable, Object> trap =
        error -> {
          if (type.isInstance(error)) {
            return onError.apply(type.cast(error));
          }
          throw sneaky(error);
        };
    return addStep(null, trap);
  }

  /**
   * Adds a callback and an errback at the same point of the chain: exactly one of them runs, so
   * {@code onError} never sees an error thrown by {@code onValue} (unlike {@code
   * addCallback(..).addErrback(..)}).
   */
  public <R> Deferred<R> addCallbacks(
      ThrowingFunction<? super T, ? extends R> onValue,
      ThrowingFunction<? super Throwable, ? extends R> onError) {
    return addStep(onValue, onError);
  }

  /**
   * Adds a function that runs on either path and gets the {@link Outcome}; what it returns is the
   * next value, what it throws the next error.
   */
  public <R> Deferred<R> addBoth(ThrowingFunction<? super Outcome<T>, ? extends R> onEither) {
    @SuppressWarnings("unchecked")
    ThrowingFunction<Object, Object> onValue =
        value -> onEither.apply(new Outcome.Success<>((T) value));
    ThrowingFunction<Throwable, Object> onError =
        error -> onEither.apply(new Outcome.Failure<>(error));
    return addStep(onValue, onError);
  }

  /**
   * Adds {@code action} to run on either path; the result (value or error) passes through unchanged
   * (Java's {@code finally}). An exception from {@code action} replaces the result.
   */
  public Deferred<T> addFinally(Runnable action) {
    ThrowingFunction<Object, Object> onValue =
        value -> {
          action.run();
          return value;
        };
    ThrowingFunction<Throwable, Object> onError =
        error -> {
          action.run();
          throw sneaky(error);
        };
    return addStep(onValue, onError);
  }

  /** Adds a callback that observes the value without changing it. Errors pass by. */
  public Deferred<T> addListener(Consumer<? super T> onValue) {
    return addCallback(
        value -> {
          onValue.accept(value);
          return value;
        });
  }

  /**
   * Sends this chain's result at this point to {@code other} (its {@code callback} or {@code
   * errback}); this chain goes on with a null value, as in Twisted. If {@code other} already fired,
   * this chain goes on with an {@link AlreadyCalledException} instead. Returns {@code other}.
   */
  public <D extends Deferred<T>> D chain(D other) {
    if (other == this) {
      throw new IllegalArgumentException("a Deferred cannot be chained to itself");
    }
    appendStep(new Chain(other));
    return other;
  }

  @SuppressWarnings("unchecked")
  private <R> Deferred<R> addStep(
      ThrowingFunction<?, ?> onValue, ThrowingFunction<? super Throwable, ?> onError) {
    appendStep(
        new Step(
            (ThrowingFunction<Object, Object>) onValue,
            (ThrowingFunction<Throwable, Object>) onError));
    return (Deferred<R>) this;
  }

  private void appendStep(Object step) {
    if (steps == null) {
      steps = new ArrayList<>(4);
    }
    steps.add(step);
    if (called) {
      runSteps();
    }
  }

  // ---------------------------------------------------------------- cancellation and timeouts

  /**
   * Cancels the work behind this Deferred. If it has no result yet: calls the canceller (if any)
   * and, if that did not fire it, fails it with {@link CancellationException}; one result that
   * arrives later (from the work that could not be stopped) is then ignored. If it fired and is
   * waiting on a Deferred returned by a callback, that one is cancelled instead (and so on down to
   * the innermost). Otherwise it does nothing.
   */
  public void cancel() {
    Deferred<?> target = this;
    while (target.called && target.waitingOn != null) {
      target = target.waitingOn;
    }
    if (!target.called) {
      target.cancelUnfired();
    }
  }

  private void cancelUnfired() {
    Canceller<T> c = canceller;
    if (c != null) {
      c.cancel(this);
    }
    if (!called) {
      errback(new CancellationException("Deferred was cancelled"));
      suppressAlreadyCalled = true;
    }
  }

  /**
   * Runs a full garbage collection and logs at once, on the calling thread, every Deferred that was
   * collected while its chain ended in an error ("Unhandled error in Deferred", which a background
   * thread would otherwise log later); returns how many it logged. For test frameworks: Braid's
   * JUnit extension calls it after each test, so a test that drops a failed Deferred fails itself.
   * Costs a full collection; any thread.
   */
  public static int logCollectedUnhandledErrors() {
    return UnhandledErrors.collectNow();
  }

  /**
   * Cancels this Deferred if it has no result after {@code timeout} on {@code clock}; the
   * cancellation then shows as a {@link TimeoutException} at this point of the chain. A result that
   * comes in time cancels the timer.
   */
  public Deferred<T> addTimeout(Duration timeout, ReactorTime clock) {
    boolean[] timedOut = new boolean[1];
    DelayedCall timer =
        clock.callLater(
            timeout,
            () -> {
              timedOut[0] = true;
              cancel();
            });
    ThrowingFunction<Object, Object> onValue =
        value -> {
          if (timer.active()) {
            timer.cancel();
          }
          return value;
        };
    ThrowingFunction<Throwable, Object> onError =
        error -> {
          if (timer.active()) {
            timer.cancel();
          }
          if (timedOut[0] && error instanceof CancellationException) {
            TimeoutException timeoutError =
                new TimeoutException("Deferred timed out after " + timeout);
            timeoutError.initCause(error);
            throw timeoutError;
          }
          throw sneaky(error);
        };
    return addStep(onValue, onError);
  }

  // ---------------------------------------------------------------- running the chain

  /**
   * Runs the chain. When a result moves to another Deferred (a paused Deferred resumes because the
   * one it waited on fired, or a {@link #chain} target fires), that Deferred is pushed on an
   * explicit stack and run in the same loop instead of by recursion; the Deferred that handed its
   * result on goes on with its own later steps once the pushed one is done.
   */
  private void runSteps() {
    if (running) {
      return; // its loop (here or lower on this thread's stack) picks the new steps up
    }
    running = true;
    Deferred<?> first;
    try {
      first = advance();
    } catch (Throwable e) {
      running = false; // only after an error thrown by the loop itself
      throw e;
    }
    if (first == null) {
      // the common case: the steps ran here, no result moved to another Deferred (no stack)
      running = false;
      if (failed && !paused) {
        unhandled = UnhandledErrors.track(this, (Throwable) result);
      }
      return;
    }
    ArrayDeque<Deferred<?>> stack = new ArrayDeque<>();
    stack.push(this);
    first.running = true;
    stack.push(first);
    try {
      while (!stack.isEmpty()) {
        Deferred<?> current = stack.peek();
        Deferred<?> handedTo = current.advance();
        if (handedTo != null) {
          handedTo.running = true;
          stack.push(handedTo);
          continue;
        }
        stack.pop();
        current.running = false;
        if (current.failed && !current.paused) {
          current.unhandled = UnhandledErrors.track(current, (Throwable) current.result);
        }
      }
    } finally {
      for (Deferred<?> left : stack) {
        left.running = false; // only after an error thrown by the loop itself
      }
    }
  }

  /**
   * Runs this Deferred's steps until they are done, it pauses, or its result moves to another
   * Deferred; returns that Deferred (to run next), or null.
   */
  private Deferred<?> advance() {
    if (unhandled != null) {
      unhandled.handled();
      unhandled = null;
    }
    ArrayList<Object> list = steps;
    while (!paused && list != null && nextStep < list.size()) {
      Object next = list.get(nextStep);
      list.set(nextStep++, null);
      switch (next) {
        case Continue(var outer) -> {
          outer.result = result;
          outer.failed = failed;
          outer.waitingOn = null;
          outer.paused = false;
          result = null;
          failed = false;
          return outer;
        }
        case Chain(var target) -> {
          Object value = result;
          boolean isError = failed;
          result = null;
          failed = false;
          if (!target.called) {
            target.take(value, isError);
            return target;
          }
          if (!target.swallowLateResult()) {
            result = new AlreadyCalledException("chain(): the target Deferred already fired");
            failed = true;
          }
        }
        case Step step -> runStep(step);
        default -> throw new IllegalStateException("unknown step " + next);
      }
    }
    if (list != null && nextStep == list.size() && !paused) {
      list.clear();
      nextStep = 0;
    }
    return null;
  }

  private void runStep(Step step) {
    ThrowingFunction<Object, Object> onValue = step.onValue;
    ThrowingFunction<Throwable, Object> onError = step.onError;
    try {
      Object value;
      if (failed) {
        if (onError == null) {
          return;
        }
        value = onError.apply((Throwable) result);
      } else {
        if (onValue == null) {
          return;
        }
        value = onValue.apply(result);
      }
      failed = false;
      if (value instanceof Deferred<?> inner) {
        result = null;
        takeResultOf(inner);
      } else {
        result = value;
      }
    } catch (Throwable t) {
      result = t;
      failed = true;
    }
  }

  /** A callback returned {@code inner}: take its result now, or pause until it has one. */
  private void takeResultOf(Deferred<?> inner) {
    if (inner == this) {
      throw new IllegalStateException("a callback returned its own Deferred");
    }
    if (inner.resultTakenBy != null) {
      throw new IllegalStateException(
          "a callback returned a Deferred whose result another Deferred already took");
    }
    inner.resultTakenBy = this;
    if (!inner.called || inner.paused || inner.running) {
      paused = true;
      waitingOn = inner;
      if (inner.steps == null) {
        inner.steps = new ArrayList<>(2);
      }
      // Not appendStep: inner either has no result yet or its own loop is under way and will
      // reach this step.
      inner.steps.add(new Continue(this));
      return;
    }
    // The inner Deferred already has its result and is done: take it and go on.
    result = inner.result;
    failed = inner.failed;
    inner.result = null;
    inner.failed = false;
    if (inner.unhandled != null) {
      inner.unhandled.handled();
      inner.unhandled = null;
    }
  }

  /** Throws {@code t} without declaring it: used to keep an error on the errback path. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public String toString() {
    String state;
    if (!called) {
      state = "waiting";
    } else if (paused) {
      // Not waitingOn.toString(): a deep chain of paused Deferreds would recurse that deep.
      state = "paused on Deferred@" + Integer.toHexString(System.identityHashCode(waitingOn));
    } else if (failed) {
      state = "failed: " + result;
    } else {
      state = "fired: " + result;
    }
    return "Deferred[" + state + "]";
  }
}
