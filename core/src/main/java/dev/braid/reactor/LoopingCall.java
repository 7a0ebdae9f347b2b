package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.defer.ThrowingSupplier;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * Calls a task again and again, every {@code interval}, on a {@link ReactorTime} (Twisted's {@code
 * task.LoopingCall}).
 *
 * <pre>{@code
 * LoopingCall heartbeat = LoopingCall.of(reactor, () -> transport.write(PING));
 * Deferred<LoopingCall> done = heartbeat.start(Duration.ofSeconds(30));
 * ...
 * heartbeat.stop(); // done fires with heartbeat
 * }</pre>
 *
 * <h2>The grid</h2>
 *
 * Calls are due on a fixed grid counted from the moment {@link #start} was called: {@code start},
 * {@code start + interval}, {@code start + 2 * interval}, ... A call that runs late (the reactor
 * was busy, or the previous call took long) does not move the grid, and ticks that were missed are
 * skipped, not replayed: the next call is on the next grid point after the current time. A task
 * made with {@link #withCount} learns how many grid points passed since its previous call (1
 * normally, more when ticks were skipped), which is how a task that must account for every tick (an
 * animation frame counter, a rate meter) catches up.
 *
 * <h2>Tasks that return a Deferred</h2>
 *
 * A task made with {@link #ofDeferred} or {@link #withCountDeferred} returns a Deferred; the next
 * call waits until it fires, and is then scheduled on the next grid point after that moment (time
 * spent waiting is not replayed either). Two calls of the task never overlap.
 *
 * <h2>How a loop ends</h2>
 *
 * The Deferred returned by {@link #start} fires with this LoopingCall when {@link #stop()} is
 * called, and fails with the task's error when the task throws or its Deferred fails (the loop then
 * stops). If {@link #stop()} is called while the task's Deferred is outstanding, the loop's
 * Deferred fires when the task's Deferred fires (with the task's error if it fails); the task's
 * Deferred is not cancelled. A stopped loop may be started again once its Deferred has fired.
 *
 * <h2>Interval zero</h2>
 *
 * With {@link Duration#ZERO} the task runs once per turn of the reactor loop: each call is
 * scheduled with a zero delay, so I/O and other due calls run between two calls. On a fake clock
 * such calls all run within one {@code advance} or {@code runDue}, so a test of a zero-interval
 * loop must make the task stop it.
 *
 * <p>Not thread-safe: create, start, stop and query a LoopingCall on the reactor thread of its
 * {@link ReactorTime}; the task runs there too.
 */
public final class LoopingCall {
  /** The task as the loop sees it: gets the tick count, returns a Deferred or null (done now). */
  @FunctionalInterface
  private interface Task {
    Deferred<?> call(int count) throws Exception;
  }

  private final ReactorTime time;
  private final Task task;

  private boolean running;
  private boolean taskOutstanding;
  private long intervalNanos = -1;
  private long startNanos;

  /** The grid point the last call was scheduled for (the start time before any call). */
  private long lastScheduledNanos;

  /** The grid index of the most recent call (see {@link #begin}). */
  private long lastCallIndex;

  private DelayedCall pending;
  private Deferred<LoopingCall> done;

  private LoopingCall(ReactorTime time, Task task) {
    if (time == null) {
      throw new NullPointerException("time");
    }
    if (task == null) {
      throw new NullPointerException("task");
    }
    this.time = time;
    this.task = task;
  }

  /**
   * A loop that runs {@code task} on each tick. An exception thrown by the task stops the loop and
   * fails the Deferred returned by {@link #start}.
   */
  public static LoopingCall of(ReactorTime time, Runnable task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    return new LoopingCall(
        time,
        count -> {
          task.run();
          return null;
        });
  }

  /**
   * A loop whose task returns a Deferred: the next call waits until it fires; a failure stops the
   * loop and fails the Deferred returned by {@link #start}.
   */
  public static LoopingCall ofDeferred(
      ReactorTime time, ThrowingSupplier<? extends Deferred<?>> task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    return new LoopingCall(time, count -> requireDeferred(task.get()));
  }

  /**
   * A loop that passes {@code task} the number of intervals that elapsed since its previous call: 1
   * when the loop keeps up, more when ticks were skipped because a call ran late (Twisted's {@code
   * LoopingCall.withCount}). The first call gets 1. With a zero interval the count is always 1.
   */
  public static LoopingCall withCount(ReactorTime time, IntConsumer task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    return new LoopingCall(
        time,
        count -> {
          task.accept(count);
          return null;
        });
  }

  /** {@link #withCount} for a task that returns a Deferred (see {@link #ofDeferred}). */
  public static LoopingCall withCountDeferred(
      ReactorTime time, IntFunction<? extends Deferred<?>> task) {
    if (task == null) {
      throw new NullPointerException("task");
    }
    return new LoopingCall(time, count -> requireDeferred(task.apply(count)));
  }

  private static Deferred<?> requireDeferred(Deferred<?> d) {
    if (d == null) {
      throw new NullPointerException("the LoopingCall task returned null instead of a Deferred");
    }
    return d;
  }

  /**
   * Starts the loop and runs the task at once; then every {@code interval}. Returns a Deferred that
   * fires with this LoopingCall when {@link #stop()} is called, or fails when the task fails. When
   * the first call fails, the returned Deferred has already failed.
   *
   * @throws IllegalArgumentException if {@code interval} is negative
   * @throws IllegalStateException if the loop is running, or a stopped loop's task Deferred has not
   *     fired yet
   */
  public Deferred<LoopingCall> start(Duration interval) {
    Deferred<LoopingCall> d = begin(interval, -1);
    runTask();
    return d;
  }

  /**
   * Starts the loop with the first call one {@code interval} from now (Twisted's {@code
   * start(interval, now=False)}); otherwise as {@link #start}.
   */
  public Deferred<LoopingCall> startAfterInterval(Duration interval) {
    Deferred<LoopingCall> d = begin(interval, 0);
    scheduleNext();
    return d;
  }

  /**
   * Checks and sets up a run. {@code previousIndex} is the grid index counted as "the previous
   * call" for the first call's count: -1 when the first call is at the start, 0 when it is one
   * interval later, so that either way the first call gets a count of 1.
   */
  private Deferred<LoopingCall> begin(Duration interval, long previousIndex) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("interval must not be negative, got " + interval);
    }
    if (running) {
      throw new IllegalStateException("this LoopingCall is already running; stop() it first");
    }
    if (taskOutstanding) {
      throw new IllegalStateException(
          "this LoopingCall was stopped while its task's Deferred is outstanding; start it again"
              + " once the Deferred returned by the previous start() has fired");
    }
    running = true;
    intervalNanos = interval.toNanos();
    startNanos = time.nanoTime();
    lastScheduledNanos = startNanos;
    lastCallIndex = previousIndex;
    done = new Deferred<>();
    return done;
  }

  /**
   * Stops the loop: no further call is made. The Deferred returned by {@link #start} fires with
   * this LoopingCall now, or, if the task's Deferred is outstanding, when that one fires.
   *
   * @throws IllegalStateException if the loop is not running
   */
  public void stop() {
    if (!running) {
      throw new IllegalStateException("this LoopingCall is not running");
    }
    running = false;
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
    if (!taskOutstanding) {
      finish().callback(this);
    }
  }

  /** True from {@link #start} until {@link #stop()} or a failure of the task. */
  public boolean running() {
    return running;
  }

  /** The interval of the current or most recent run; empty before the first {@link #start}. */
  public Optional<Duration> interval() {
    return intervalNanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(intervalNanos));
  }

  private Deferred<LoopingCall> finish() {
    Deferred<LoopingCall> d = done;
    done = null;
    return d;
  }

  private void tick() {
    pending = null;
    runTask();
  }

  private void runTask() {
    int count = countIntervals();
    taskOutstanding = true;
    Deferred<?> result;
    try {
      result = task.call(count);
    } catch (Throwable t) {
      taskFinished(t);
      return;
    }
    if (result == null) {
      taskFinished(null);
    } else {
      watch(result);
    }
  }

  private <T> void watch(Deferred<T> result) {
    result.addCallbacks(
        value -> {
          taskFinished(null);
          return value;
        },
        error -> {
          taskFinished(error);
          return null;
        });
  }

  private void taskFinished(Throwable error) {
    taskOutstanding = false;
    if (error != null) {
      running = false;
      finish().errback(error);
    } else if (running) {
      scheduleNext();
    } else {
      finish().callback(this);
    }
  }

  /** How many grid points passed since the previous call, at least 1. */
  private int countIntervals() {
    if (intervalNanos == 0) {
      return 1;
    }
    long index = (time.nanoTime() - startNanos) / intervalNanos;
    long count = Math.max(1, index - lastCallIndex);
    lastCallIndex += count;
    return (int) Math.min(Integer.MAX_VALUE, count);
  }

  /** Schedules the next call on the first grid point after now (and after the last one). */
  private void scheduleNext() {
    if (intervalNanos == 0) {
      pending = time.callLater(Duration.ZERO, this::tick);
      return;
    }
    long now = time.nanoTime();
    long untilNextPoint = Math.floorMod(startNanos - now, intervalNanos);
    long next = Math.max(lastScheduledNanos + intervalNanos, now + untilNextPoint);
    if (next == now) {
      next += intervalNanos;
    }
    lastScheduledNanos = next;
    pending = time.callLater(Duration.ofNanos(next - now), this::tick);
  }

  @Override
  public String toString() {
    return "LoopingCall["
        + (running ? "running every " + Duration.ofNanos(intervalNanos) : "stopped")
        + "]";
  }
}
