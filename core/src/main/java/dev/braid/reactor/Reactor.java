package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.net.PluggableResolver;
import dev.braid.net.ReactorTcp;
import dev.braid.net.ReactorUdp;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The event loop: one thread that waits for I/O and timers and runs every protocol callback, every
 * Deferred callback fired by I/O and every {@link DelayedCall}. Code running on the reactor thread
 * must not block; it hands blocking work to {@link #deferToThread}.
 *
 * <h2>Threads</h2>
 *
 * Every method may be called only on the reactor thread, except {@link #callFromThread}, {@link
 * #execute}, {@link #stop}, {@link #blockingCallFromThread}, {@link #isReactorThread} and {@link
 * #run} (which is called once, by the thread that becomes the reactor thread). Before {@link #run}
 * starts, the thread that created the reactor may set it up (listen, connect, schedule calls).
 *
 * <h2>Lifecycle</h2>
 *
 * {@link #run} blocks until {@link #stop} is called and the shutdown triggers have finished. A
 * reactor runs once: calling {@link #run} on a stopped reactor throws {@link
 * ReactorNotRestartableException}.
 *
 * <p>Create one with {@link Reactors#create()}; tests usually get one from the JUnit extension in
 * {@code braid-testing}.
 */
public interface Reactor extends ReactorTime, ReactorTcp, ReactorUdp, PluggableResolver, Executor {
  /** Runs the loop on the calling thread until {@link #stop} finishes. */
  void run();

  /**
   * Asks the reactor to stop: it runs the shutdown triggers (waiting, bounded, for the Deferreds
   * they return), closes every listening port and connection, and returns from {@link #run}. Safe
   * to call from any thread; calling it twice is harmless. Throws {@link
   * ReactorNotRunningException} when the reactor was never started or has stopped.
   */
  void stop();

  /** Runs {@code task} on the reactor thread as soon as the reactor is running. */
  void callWhenRunning(Runnable task);

  /**
   * The thread-safe door into the reactor: queues {@code task} to run on the reactor thread and
   * wakes the loop. Tasks run in the order they were queued. Safe to call from any thread, also
   * before {@link #run} (the tasks run once it starts).
   */
  void callFromThread(Runnable task);

  /** Same as {@link #callFromThread}, so a reactor can serve as an {@link Executor}. */
  @Override
  default void execute(Runnable task) {
    callFromThread(task);
  }

  /** True when called on this reactor's thread. */
  boolean isReactorThread();

  /** True between the start of {@link #run} and the end of shutdown. */
  boolean running();

  /**
   * Adds a trigger run when the reactor stops, in {@code phase}. A trigger may return a Deferred;
   * the next phase starts once every Deferred of the phase has fired, or the shutdown timeout
   * (default 30 s) has passed. Returns a handle that removes the trigger.
   */
  Registration addShutdownTrigger(ShutdownPhase phase, Supplier<? extends Deferred<?>> trigger);

  /**
   * Runs {@code work} on a new virtual thread and delivers its result (or exception) to the
   * returned Deferred on the reactor thread.
   */
  <T> Deferred<T> deferToThread(Callable<? extends T> work);

  /**
   * For code on another thread: runs {@code call} on the reactor thread, waits for the Deferred it
   * returns, and gives back its result (or throws its error, wrapped in an {@link
   * java.util.concurrent.ExecutionException} when it is a checked exception). Must not be called on
   * the reactor thread (it would wait for itself), and throws {@link IllegalStateException} there.
   */
  <T> T blockingCallFromThread(Callable<? extends Deferred<T>> call) throws Exception;

  /** The calls scheduled and not yet run or cancelled, soonest first (for tests and debugging). */
  List<DelayedCall> pendingCalls();

  /** A phase of the reactor's shutdown; triggers run phase by phase in this order. */
  enum ShutdownPhase {
    /** Before anything is closed: stop accepting work, drain. */
    BEFORE,
    /** Listening ports and connections are being closed. */
    DURING,
    /** Everything is closed; last chance to clean up. */
    AFTER
  }

  /** A handle that undoes a registration. */
  @FunctionalInterface
  interface Registration {
    /** Removes what was registered; calling it again does nothing. */
    void remove();
  }
}
