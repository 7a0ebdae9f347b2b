package dev.braid.reactor;

import dev.braid.defer.Deferred;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * A job running on a {@link Cooperator}, returned by {@link Cooperator#cooperate}: pause it, resume
 * it, stop it, and learn when it is done.
 *
 * <p>A task ends in one of three ways, which {@link #whenDone()} reports:
 *
 * <ul>
 *   <li>its iterator is exhausted: the Deferreds fire with the iterator;
 *   <li>its iterator's {@code hasNext()} or {@code next()} throws, or a Deferred it returned fails:
 *       the Deferreds fail with that error;
 *   <li>{@link #stop()} (or {@link Cooperator#stop()}) ends it: the Deferreds fail with {@link
 *       TaskStoppedException}.
 * </ul>
 *
 * A failure that nobody asked about with {@link #whenDone()} is not lost: it is held in a failed
 * Deferred, which is logged as an unhandled error if it is garbage-collected without being handed
 * out by {@link #whenDone()}.
 *
 * <p>Not thread-safe: use it on the reactor thread of its cooperator.
 */
public final class CooperativeTask {
  /** How a {@link CooperativeTask} was ended by {@link #stop()} or {@link Cooperator#stop()}. */
  public static final class TaskStoppedException extends CancellationException {
    /** A stop with the given explanation. */
    public TaskStoppedException(String message) {
      super(message);
    }
  }

  private enum State {
    RUNNING,
    DONE,
    FAILED,
    STOPPED
  }

  private final Cooperator cooperator;
  private final Iterator<?> iterator;

  /** True while the task is in the cooperator's round-robin queue (managed by the cooperator). */
  boolean queued;

  private State state = State.RUNNING;
  private int pauses;
  private boolean waiting;
  private Throwable error;
  private List<Deferred<Iterator<?>>> waiters = new ArrayList<>(1);

  /** A failure held until someone asks for it, so that it is logged if nobody does. */
  private Deferred<Iterator<?>> unclaimedFailure;

  CooperativeTask(Cooperator cooperator, Iterator<?> iterator) {
    this.cooperator = cooperator;
    this.iterator = iterator;
  }

  /**
   * A new Deferred that fires with the iterator when the task has run to its end, or fails as
   * described in the class doc. Each call returns a new Deferred; called after the task finished,
   * it returns one that has fired already.
   */
  public Deferred<Iterator<?>> whenDone() {
    return switch (state) {
      case RUNNING -> {
        Deferred<Iterator<?>> d = new Deferred<>();
        waiters.add(d);
        yield d;
      }
      case DONE -> Deferred.succeed(iterator);
      case FAILED, STOPPED -> {
        if (unclaimedFailure != null) {
          Deferred<Iterator<?>> d = unclaimedFailure;
          unclaimedFailure = null;
          yield d;
        }
        yield Deferred.fail(error);
      }
    };
  }

  /**
   * Stops taking steps until {@link #resume()} is called as many times as this was. Pausing a
   * finished task has no effect beyond the count.
   */
  public void pause() {
    pauses++;
    cooperator.taskNotReady(this);
  }

  /**
   * Undoes one {@link #pause()}; after the last, the task takes steps again.
   *
   * @throws IllegalStateException if the task is not paused
   */
  public void resume() {
    if (pauses == 0) {
      throw new IllegalStateException("this CooperativeTask is not paused");
    }
    pauses--;
    cooperator.taskReady(this);
  }

  /**
   * Ends the task: it takes no more steps and its {@link #whenDone()} Deferreds fail with {@link
   * TaskStoppedException}. A Deferred the task is waiting on is not cancelled; its result is
   * ignored.
   *
   * @throws IllegalStateException if the task has already finished
   */
  public void stop() {
    if (state != State.RUNNING) {
      throw new IllegalStateException(
          "this CooperativeTask has already finished (" + state.name().toLowerCase() + ")");
    }
    stoppedBy("the task was stopped");
  }

  @Override
  public String toString() {
    String detail =
        state != State.RUNNING
            ? state.name().toLowerCase()
            : waiting ? "waiting" : pauses > 0 ? "paused" : "running";
    return "CooperativeTask[" + detail + "]";
  }

  // ------------------------------------------------------------ called by Cooperator

  /** True when the task may take a step now. */
  boolean canStep() {
    return state == State.RUNNING && pauses == 0 && !waiting;
  }

  void stoppedBy(String why) {
    if (state == State.RUNNING) {
      finish(State.STOPPED, new TaskStoppedException(why));
    }
  }

  /** Takes one step of the iterator. */
  void step() {
    Object element;
    try {
      if (!iterator.hasNext()) {
        if (state == State.RUNNING) {
          finish(State.DONE, null);
        }
        return;
      }
      element = iterator.next();
    } catch (Throwable t) {
      if (state == State.RUNNING) {
        finish(State.FAILED, t);
      }
      return;
    }
    if (state == State.RUNNING && element instanceof Deferred<?> d) {
      waitFor(d);
    }
  }

  private <T> void waitFor(Deferred<T> d) {
    waiting = true;
    cooperator.taskNotReady(this);
    d.addCallbacks(
        value -> {
          waiting = false;
          cooperator.taskReady(this);
          return value;
        },
        failure -> {
          waiting = false;
          if (state == State.RUNNING) {
            finish(State.FAILED, failure);
          }
          return null;
        });
  }

  private void finish(State end, Throwable failure) {
    state = end;
    error = failure;
    cooperator.taskFinished(this);
    List<Deferred<Iterator<?>>> toFire = waiters;
    waiters = List.of();
    if (end == State.FAILED && toFire.isEmpty()) {
      unclaimedFailure = Deferred.fail(failure);
    }
    for (Deferred<Iterator<?>> d : toFire) {
      if (end == State.DONE) {
        d.callback(iterator);
      } else {
        d.errback(failure);
      }
    }
  }
}
