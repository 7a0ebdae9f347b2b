package dev.braid.defer;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.reactor.DelayedCall;
import dev.braid.reactor.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

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
 * chain of any depth of nested Deferreds fires without overflowing the stack.
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
 * reactor.callFromThread}. Callbacks run synchronously, on the thread that fires the Deferred (or
 * that adds a callback to a fired one).
 */
public final class Deferred<T> {
  /** Cancels the work behind a Deferred; see {@link #Deferred(Canceller)}. */
  @FunctionalInterface
  public interface Canceller<T> {
    /**
     * Called by {@link Deferred#cancel()} while the Deferred has no result. It should stop the work
     * and may fire the Deferred (with an errback, usually); if it does not, the Deferred fails with
     * {@link CancellationException}.
     */
    void cancel(Deferred<T> deferred);
  }

  private static final Object NO_RESULT = new Object();

  /** One callback/errback pair; a null side passes the result through unchanged. */
  private record Step(
      ThrowingFunction<Object, Object> onValue, ThrowingFunction<Throwable, Object> onError) {}

  /** The step a paused Deferred appends to the Deferred it waits on. */
  private record Continue(Deferred<?> outer) {}

  private Object result = NO_RESULT;
  private boolean failed;
  private boolean called;
  private boolean running;
  private boolean suppressAlreadyCalled;
  private int paused;
  private Canceller<T> canceller;
  private Deferred<?> waitingOn;
  private Deferred<?> chainedTo;
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
   * a failure.
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
   * {@code body} becomes a failed Deferred instead.
   */
  public static <T> Deferred<T> maybeDeferredAsync(ThrowingSupplier<? extends Deferred<T>> body) {
    try {
      return body.get();
    } catch (Throwable t) {
      return fail(t);
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
      if (suppressAlreadyCalled) {
        suppressAlreadyCalled = false;
        return;
      }
      throw new AlreadyCalledException(
          "Deferred already fired (with " + (failed ? "an error" : "a value") + ")");
    }
    called = true;
    result = value;
    failed = isError;
    runSteps();
  }

  /** True once the Deferred has been fired (it may still be paused on an inner Deferred). */
  public boolean called() {
    return called;
  }

  /** True while the chain waits on a Deferred returned by a callback. */
  public boolean paused() {
    return paused > 0;
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
   * errback}); this chain goes on with a null value, as in Twisted. Returns {@code other}.
   */
  public <D extends Deferred<T>> D chain(D other) {
    if (other == this) {
      throw new IllegalArgumentException("a Deferred cannot be chained to itself");
    }
    ((Deferred<T>) other).chainedTo = this;
    addCallbacks(
        value -> {
          other.callback(value);
          return null;
        },
        error -> {
          other.errback(error);
          return null;
        });
    return other;
  }

  @SuppressWarnings("unchecked")
  private <R> Deferred<R> addStep(
      ThrowingFunction<?, ?> onValue, ThrowingFunction<? super Throwable, ?> onError) {
    if (steps == null) {
      steps = new ArrayList<>(4);
    }
    steps.add(
        new Step(
            (ThrowingFunction<Object, Object>) onValue,
            (ThrowingFunction<Throwable, Object>) onError));
    if (called) {
      runSteps();
    }
    return (Deferred<R>) this;
  }

  // ---------------------------------------------------------------- cancellation and timeouts

  /**
   * Cancels the work behind this Deferred. If it has no result yet: calls the canceller (if any)
   * and, if that did not fire it, fails it with {@link CancellationException} (a result that
   * arrives later is then ignored, once). If it fired and is waiting on a Deferred returned by a
   * callback, that one is cancelled instead. Otherwise it does nothing.
   */
  public void cancel() {
    if (!called) {
      Canceller<T> c = canceller;
      if (c != null) {
        c.cancel(this);
      }
      if (!called) {
        errback(new CancellationException("Deferred was cancelled"));
        suppressAlreadyCalled = true;
      } else if (c == null) {
        suppressAlreadyCalled = true;
      }
    } else if (waitingOn != null) {
      waitingOn.cancel();
    }
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
   * Runs the chain. Deferreds that resume because a Deferred they waited on fired are run in the
   * same loop (an explicit stack instead of recursion).
   */
  private void runSteps() {
    if (running) {
      return; // a callback added a callback to its own Deferred: the running loop picks it up
    }
    ArrayDeque<Deferred<?>> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      Deferred<?> current = stack.peek();
      if (current.paused > 0) {
        stack.pop();
        continue;
      }
      if (current.unhandled != null) {
        current.unhandled.handled();
        current.unhandled = null;
      }
      boolean finished = true;
      current.running = true;
      try {
        ArrayList<Object> list = current.steps;
        while (list != null && current.nextStep < list.size()) {
          Object next = list.get(current.nextStep);
          list.set(current.nextStep++, null);
          if (next instanceof Continue(var outer)) {
            outer.result = current.result;
            outer.failed = current.failed;
            outer.waitingOn = null;
            current.result = null;
            current.failed = false;
            outer.paused--;
            stack.push(outer);
            finished = false;
            break;
          }
          Step step = (Step) next;
          ThrowingFunction<Object, Object> onValue = step.onValue;
          ThrowingFunction<Throwable, Object> onError = step.onError;
          try {
            Object value;
            if (current.failed) {
              if (onError == null) {
                continue;
              }
              value = onError.apply((Throwable) current.result);
            } else {
              if (onValue == null) {
                continue;
              }
              value = onValue.apply(current.result);
            }
            current.failed = false;
            if (value instanceof Deferred<?> inner) {
              current.result = null;
              if (inner == current) {
                throw new IllegalStateException("a callback returned its own Deferred");
              }
              if (inner.chainedTo != null) {
                throw new IllegalStateException(
                    "a callback returned a Deferred that is already chained to another one");
              }
              if (!inner.called || inner.paused > 0 || inner.running) {
                current.paused++;
                current.waitingOn = inner;
                inner.chainedTo = current;
                inner.appendContinue(current);
                break;
              }
              // The inner Deferred already has its result: take it and go on.
              current.result = inner.result;
              current.failed = inner.failed;
              inner.result = null;
              inner.failed = false;
              if (inner.unhandled != null) {
                inner.unhandled.handled();
                inner.unhandled = null;
              }
              inner.chainedTo = current;
            } else {
              current.result = value;
            }
          } catch (Throwable t) {
            current.result = t;
            current.failed = true;
          }
        }
        if (list != null && current.nextStep == list.size() && current.paused == 0) {
          list.clear();
          current.nextStep = 0;
        }
      } finally {
        current.running = false;
      }
      if (finished) {
        stack.pop();
        if (current.failed && current.paused == 0) {
          current.unhandled = UnhandledErrors.track(current, (Throwable) current.result);
        }
      }
    }
  }

  private void appendContinue(Deferred<?> outer) {
    if (steps == null) {
      steps = new ArrayList<>(2);
    }
    steps.add(new Continue(outer));
    // A resumed outer Deferred is run by the loop that runs this one (see runSteps).
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
    } else if (paused > 0) {
      state = "paused on " + waitingOn;
    } else if (failed) {
      state = "failed: " + result;
    } else {
      state = "fired: " + result;
    }
    return "Deferred[" + state + "]";
  }
}
