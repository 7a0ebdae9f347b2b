package dev.braid.testing;

import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReactorTime} whose time moves only when the test moves it. Pass it wherever code takes a
 * clock, then {@link #advance} it: calls that come due run, in order, on the test's thread.
 *
 * <pre>{@code
 * var clock = new FakeClock();
 * var fired = new ArrayList<String>();
 * clock.callLater(Duration.ofSeconds(5), () -> fired.add("five"));
 * clock.advance(Duration.ofSeconds(4));   // nothing yet
 * clock.advance(Duration.ofSeconds(1));   // fired == ["five"]
 * }</pre>
 *
 * <p>Not thread-safe: one test thread drives it. An exception thrown by a call is logged (as the
 * reactor does) and the other calls still run.
 */
public final class FakeClock implements ReactorTime {
  private static final Logger LOG = LoggerFactory.getLogger(FakeClock.class);

  private final PriorityQueue<FakeCall> queue =
      new PriorityQueue<>(
          Comparator.comparingLong(FakeCall::dueNanos).thenComparingLong(c -> c.seq));
  private long now;
  private long seq;
  private Runnable eachTurn = () -> {};

  /** A clock at time 0. */
  public FakeClock() {}

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public DelayedCall callLater(Duration delay, Runnable task) {
    long d = delay.isNegative() ? 0 : delay.toNanos();
    FakeCall call = new FakeCall(now + d, seq++, task);
    queue.add(call);
    return call;
  }

  /**
   * Moves time forward by {@code amount}, running every call that comes due, in due order. A call
   * may itself advance the clock (to stand for work that takes time); time never goes back when the
   * outer advance ends.
   */
  public void advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("time cannot go backwards: " + amount);
    }
    long target = now + amount.toNanos();
    eachTurn.run();
    while (!queue.isEmpty() && queue.peek().due <= target) {
      FakeCall call = queue.poll();
      now = Math.max(now, call.due);
      call.run();
      eachTurn.run();
    }
    now = Math.max(now, target);
  }

  /**
   * Sets work that runs at the start of each {@link #advance} and after each call it runs, like one
   * turn of a reactor loop ({@link MemoryReactor} runs its {@code callFromThread} queue there).
   */
  void onEachTurn(Runnable work) {
    this.eachTurn = work;
  }

  /** Advances by each of {@code steps} in turn (Twisted's {@code Clock.pump}). */
  public void pump(List<Duration> steps) {
    for (Duration step : steps) {
      advance(step);
    }
  }

  /** Runs the calls due now (those scheduled with a zero delay) without moving time. */
  public void runDue() {
    advance(Duration.ZERO);
  }

  /** The calls scheduled and still active, soonest first. */
  public List<DelayedCall> pendingCalls() {
    List<FakeCall> calls = new ArrayList<>(queue);
    calls.sort(queue.comparator());
    return List.copyOf(calls);
  }

  private final class FakeCall implements DelayedCall {
    private long due;
    private final long seq;
    private final Runnable task;
    private boolean called;
    private boolean cancelled;

    FakeCall(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    void run() {
      called = true;
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.error("Unhandled error in a delayed call", e);
      }
    }

    private void checkActive() {
      if (called) {
        throw new AlreadyCalledException("this delayed call already ran");
      }
      if (cancelled) {
        throw new AlreadyCancelledException("this delayed call was cancelled");
      }
    }

    @Override
    public void cancel() {
      checkActive();
      cancelled = true;
      queue.remove(this);
    }

    @Override
    public void reset(Duration delay) {
      checkActive();
      queue.remove(this);
      due = now + Math.max(0, delay.toNanos());
      queue.add(this);
    }

    @Override
    public void delay(Duration delay) {
      checkActive();
      queue.remove(this);
      due += delay.toNanos();
      queue.add(this);
    }

    @Override
    public boolean active() {
      return !called && !cancelled;
    }

    @Override
    public long dueNanos() {
      return due;
    }

    @Override
    public String toString() {
      return "FakeCall[due=" + Duration.ofNanos(due) + ", " + task + "]";
    }
  }
}
