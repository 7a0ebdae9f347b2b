package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Runs long jobs in small steps on the reactor thread, so that they share it with I/O and with each
 * other (Twisted's {@code task.Cooperator}).
 *
 * <p>A job is an {@link Iterator}: each call of {@code next()} does one small piece of work. The
 * cooperator runs the jobs in ticks. In a tick it takes one step of each job in turn, round-robin,
 * until the steps have used up the time slice (default 10 ms, measured on the {@link ReactorTime}),
 * then it schedules the next tick with {@link ReactorTime#callLater} after the tick interval
 * (default 10 ms) and gives the reactor back. The round-robin goes on where it left off, so every
 * job gets its turn however many there are. The first tick comes one tick interval after {@link
 * #cooperate}.
 *
 * <pre>{@code
 * Cooperator cooperator = Cooperator.create(reactor);
 * Iterator<Integer> job = IntStream.range(0, 1_000_000).mapToObj(i -> { index(i); return i; }).iterator();
 * cooperator.coiterate(job).addCallback(ignored -> { log.info("indexed"); return null; });
 * }</pre>
 *
 * <p>What {@code next()} returns is ignored, except a {@link Deferred}: the job then waits (takes
 * no steps) until that Deferred fires, and fails if it fails. This is how a job waits for I/O, or
 * for a consumer to want more, without blocking the reactor. A job whose {@code hasNext()} or
 * {@code next()} throws fails; see {@link CooperativeTask#whenDone()}.
 *
 * <p>The time slice is only as good as the steps: one step that takes a second holds the reactor a
 * second. On a fake clock, time moves only when a step (or the test) moves it, so a tick runs every
 * ready job to its end unless the steps advance the clock.
 *
 * <p>Not thread-safe: create and use a Cooperator on the reactor thread of its {@link ReactorTime};
 * the jobs' steps run there.
 */
public final class Cooperator {
  /** The default time a tick may spend on steps: 10 ms. */
  public static final Duration DEFAULT_TIME_SLICE = Duration.ofMillis(10);

  /** The default delay between two ticks: 10 ms. */
  public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofMillis(10);

  private final ReactorTime time;
  private final long timeSliceNanos;
  private final Duration tickInterval;

  /** Every task not yet finished, in the order they were added. */
  private final LinkedHashSet<CooperativeTask> tasks = new LinkedHashSet<>();

  /** The tasks that may take a step now, in round-robin order. */
  private final ArrayDeque<CooperativeTask> ready = new ArrayDeque<>();

  private DelayedCall nextTick;
  private boolean ticking;
  private boolean stopped;

  private Cooperator(Builder builder) {
    this.time = builder.time;
    this.timeSliceNanos = builder.timeSlice.toNanos();
    this.tickInterval = builder.tickInterval;
  }

  /** A cooperator on {@code time} with the default time slice and tick interval (10 ms each). */
  public static Cooperator create(ReactorTime time) {
    return builder(time).build();
  }

  /** A builder for a cooperator on {@code time}. */
  public static Builder builder(ReactorTime time) {
    return new Builder(time);
  }

  /**
   * Adds {@code job} and returns its task, which can pause, resume and stop it and tells when it is
   * done. The job takes its first step in the next tick.
   *
   * @throws IllegalStateException if this cooperator was stopped
   */
  public CooperativeTask cooperate(Iterator<?> job) {
    if (job == null) {
      throw new NullPointerException("job");
    }
    if (stopped) {
      throw new IllegalStateException("this Cooperator was stopped; it takes no new jobs");
    }
    CooperativeTask task = new CooperativeTask(this, job);
    tasks.add(task);
    taskReady(task);
    return task;
  }

  /**
   * Adds {@code job} and returns a Deferred that fires with the iterator once it is exhausted (a
   * shortcut for {@code cooperate(job).whenDone()}).
   */
  public Deferred<Iterator<?>> coiterate(Iterator<?> job) {
    return cooperate(job).whenDone();
  }

  /**
   * Stops every job (each task's {@link CooperativeTask#whenDone()} fails with {@link
   * CooperativeTask.TaskStoppedException}) and cancels the next tick. A stopped cooperator takes no
   * new jobs. Calling it again does nothing.
   */
  public void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (nextTick != null) {
      nextTick.cancel();
      nextTick = null;
    }
    ready.clear();
    for (CooperativeTask task : List.copyOf(tasks)) {
      task.stoppedBy("the Cooperator was stopped");
    }
  }

  /** True until {@link #stop()}. */
  public boolean running() {
    return !stopped;
  }

  // ------------------------------------------------------------ called by CooperativeTask

  /** Queues {@code task} for steps if it may take them and is not queued. */
  void taskReady(CooperativeTask task) {
    if (stopped || !task.canStep() || task.queued) {
      return;
    }
    task.queued = true;
    ready.addLast(task);
    scheduleTick();
  }

  /** Takes {@code task} out of the round-robin (paused, waiting or finished). */
  void taskNotReady(CooperativeTask task) {
    if (task.queued) {
      task.queued = false;
      ready.remove(task);
    }
  }

  /** Forgets {@code task}, which has finished. */
  void taskFinished(CooperativeTask task) {
    taskNotReady(task);
    tasks.remove(task);
  }

  private void scheduleTick() {
    if (nextTick == null && !ticking && !ready.isEmpty() && !stopped) {
      nextTick = time.callLater(tickInterval, this::tick);
    }
  }

  private void tick() {
    nextTick = null;
    ticking = true;
    try {
      long started = time.nanoTime();
      while (!ready.isEmpty() && !stopped) {
        CooperativeTask task = ready.pollFirst();
        task.queued = false;
        task.step();
        taskReady(task);
        if (time.nanoTime() - started >= timeSliceNanos) {
          break;
        }
      }
    } finally {
      ticking = false;
    }
    scheduleTick();
  }

  @Override
  public String toString() {
    return "Cooperator[" + (stopped ? "stopped" : tasks.size() + " tasks") + "]";
  }

  /** Configures a {@link Cooperator}. Not thread-safe; build on the reactor thread. */
  public static final class Builder {
    private final ReactorTime time;
    private Duration timeSlice = DEFAULT_TIME_SLICE;
    private Duration tickInterval = DEFAULT_TICK_INTERVAL;

    private Builder(ReactorTime time) {
      if (time == null) {
        throw new NullPointerException("time");
      }
      this.time = time;
    }

    /**
     * How long a tick may run steps before it gives the reactor back (default 10 ms). A tick always
     * takes at least one step. Must be positive.
     */
    public Builder timeSlice(Duration slice) {
      if (slice.isNegative() || slice.isZero()) {
        throw new IllegalArgumentException("time slice must be positive, got " + slice);
      }
      this.timeSlice = slice;
      return this;
    }

    /**
     * How long the cooperator waits between two ticks, and before the first one (default 10 ms).
     * Zero means the next turn of the reactor loop. Must not be negative.
     */
    public Builder tickInterval(Duration interval) {
      if (interval.isNegative()) {
        throw new IllegalArgumentException("tick interval must not be negative, got " + interval);
      }
      this.tickInterval = interval;
      return this;
    }

    /** The cooperator. */
    public Cooperator build() {
      return new Cooperator(this);
    }
  }
}
