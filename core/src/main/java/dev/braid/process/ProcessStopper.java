package dev.braid.process;

import dev.braid.defer.Deferred;
import dev.braid.reactor.DelayedCall;
import dev.braid.reactor.ReactorTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Stops a child process the way Braid's services do: {@code TERM} at once, {@code KILL} after a
 * kill time if it has not exited by then, and for each caller a Deferred that fires once the
 * process has ended. The owner, the process's {@link ProcessProtocol}, tells it when the process
 * exits ({@link #exited}) and ends ({@link #ended}); one stopper serves one process after another
 * ({@link #started}). Reactor thread only.
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

  /** The process exited (call from {@link ProcessProtocol#processExited}). */
  public void exited() {
    exited = true;
  }

  /** Whether the process has exited (or a signal found it gone). */
  public boolean hasExited() {
    return exited;
  }

  /**
   * Sends {@code TERM} to {@code process} (once, however often this is called) and {@code KILL}
   * after the kill time unless it exits first, running {@code beforeKill} (to log, say) just before
   * the {@code KILL}. The Deferred fires when {@link #ended} is called.
   */
  public Deferred<Void> stop(ProcessTransport process, Runnable beforeKill) {
    Deferred<Void> ended = new Deferred<>();
    waiters.add(ended);
    if (!exited && kill == null) {
      signal(process, "TERM");
      kill =
          time.callLater(
              killTime,
              () -> {
                kill = null;
                if (!exited) {
                  beforeKill.run();
                  signal(process, "KILL");
                }
              });
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

  private void signal(ProcessTransport process, String name) {
    try {
      process.signalProcess(name);
    } catch (IllegalStateException alreadyExited) {
      exited = true;
    }
  }
}
