package dev.braid.process;

import dev.braid.defer.Deferred;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stops a child process and whatever it started, the way Braid's services do: {@code TERM} to its
 * process group at once, {@code KILL} to the group after a kill time if it has not ended by then,
 * and for each caller a Deferred that fires once the process has ended. The owner, the process's
 * {@link ProcessProtocol}, tells it when the process exits ({@link #exited(ProcessTransport,
 * Runnable)}) and ends ({@link #ended}); one stopper serves one process after another ({@link
 * #started}). Reactor thread only.
 *
 * <p>The group matters because a child's background processes inherit its stdout and stderr: the
 * child may be gone while they keep its pipes, and so the process, open. That is why exiting starts
 * the same sequence as {@link #stop}: whatever is left of the group gets {@code TERM}, then {@code
 * KILL} after the kill time, and at that point the process's output is closed ({@link
 * ProcessTransport#closeOutput}), so the process ends within the kill time of its exit even if
 * something that left the group holds the pipes.
 */
public final class ProcessStopper {
  private final ReactorTime time;
  private final Duration killTime;
  private boolean exited;
  private DelayedCall kill;
  private List<Deferred<Void>> waiters = new ArrayList<>();

  /** A stopper that sends {@code KILL} {@code killTime} after {@code TERM}. */
  public ProcessStopper(ReactorTime time, Duration killTime) {
    this.time = Objects.requireNonNull(time, "time");
    if (killTime.isNegative()) {
      throw new IllegalArgumentException("the kill time must not be negative, got " + killTime);
    }
    this.killTime = killTime;
  }

  /** A new process was started: forgets that the previous one exited. */
  public void started() {
    exited = false;
  }

  /**
   * The process exited, and nothing of its group needs stopping: later {@link #stop} calls send
   * nothing and only wait for {@link #ended}. Owners of processes from {@link Processes#spawn} call
   * {@link #exited(ProcessTransport, Runnable)} instead.
   */
  public void exited() {
    exited = true;
  }

  /**
   * The process exited (call from {@link ProcessProtocol#processExited}): unless a stop is already
   * under way, sends {@code TERM} to what is left of its process group and, if the process has not
   * ended after the kill time, runs {@code beforeKill}, sends {@code KILL} to the group and closes
   * the process's output. A process whose output closes with its exit ends at once and gets no
   * {@code KILL}.
   */
  public void exited(ProcessTransport process, Runnable beforeKill) {
    exited = true;
    if (kill == null) {
      signal(process, "TERM");
      scheduleKill(process, beforeKill);
    }
  }

  /** Whether the process has exited (or a signal found it gone). */
  public boolean hasExited() {
    return exited;
  }

  /**
   * Sends {@code TERM} to the process group of {@code process} (once, however often this is called)
   * and, unless the process ends first, {@code KILL} to the group after the kill time, running
   * {@code beforeKill} (to log, say) just before the {@code KILL}, then closes the process's
   * output. The Deferred fires when {@link #ended} is called. After {@link #exited()} it only
   * waits.
   */
  public Deferred<Void> stop(ProcessTransport process, Runnable beforeKill) {
    Deferred<Void> ended = new Deferred<>();
    waiters.add(ended);
    if (!exited && kill == null) {
      signal(process, "TERM");
      scheduleKill(process, beforeKill);
    }
    return ended;
  }

  /**
   * The process ended (call from {@link ProcessProtocol#processEnded}): cancels a pending {@code
   * KILL} and fires every Deferred {@link #stop} returned.
   */
  public void ended() {
    exited = true;
    if (kill != null && kill.active()) {
      kill.cancel();
    }
    kill = null;
    List<Deferred<Void>> done = waiters;
    waiters = new ArrayList<>();
    for (Deferred<Void> waiter : done) {
      waiter.callback(null);
    }
  }

  private void scheduleKill(ProcessTransport process, Runnable beforeKill) {
    kill =
        time.callLater(
            killTime,
            () -> {
              kill = null;
              beforeKill.run();
              signal(process, "KILL");
              process.closeOutput();
            });
  }

  private void signal(ProcessTransport process, String name) {
    try {
      process.signalProcessGroup(name);
    } catch (IllegalStateException alreadyExited) {
      exited = true;
    }
  }
}
