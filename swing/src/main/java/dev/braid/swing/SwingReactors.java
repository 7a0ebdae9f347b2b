package dev.braid.swing;

import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.time.Duration;

/**
 * Creates reactors for Swing programs (Twisted's GUI reactors, for the AWT event dispatch thread).
 *
 * <p>Such a reactor waits for I/O on its own thread (the one that calls {@link Reactor#run()},
 * typically {@code main}) and hands everything else to the event dispatch thread (EDT): protocol
 * callbacks, Deferred callbacks fired by I/O, {@link dev.braid.time.DelayedCall}s, {@code
 * callFromThread} tasks and shutdown triggers run there, one loop turn at a time, so they may read
 * and change Swing components directly. While a turn runs on the EDT, the EDT owns the reactor
 * ({@link Reactor#isReactorThread()} is true there). Between turns the EDT runs Swing's own events
 * (repaints, button clicks) and does not own the reactor: a listener reaches the network with
 * {@link Reactor#callFromThread}, which runs its task on the EDT in the next turn, right after the
 * listener returns.
 *
 * <p>Rules: call {@link Reactor#run()} from any thread but the EDT (it throws there); never call
 * {@link Reactor#blockingCallFromThread} on the EDT (it throws there: it would wait for itself);
 * keep callbacks short, as for any reactor, since the window repaints only between turns. See
 * {@code docs/swing.md}.
 */
public final class SwingReactors {
  private SwingReactors() {}

  /**
   * A new reactor whose callbacks run on the event dispatch thread, not yet running; shutdown waits
   * at most {@link Reactors#DEFAULT_SHUTDOWN_TIMEOUT} for each phase. Any thread may create it; the
   * creating thread may set it up (listen, connect, schedule calls) before calling {@link
   * Reactor#run()}.
   */
  public static Reactor create() {
    return create(Reactors.DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** Like {@link #create()}, with shutdown waiting at most {@code shutdownTimeout} per phase. */
  public static Reactor create(Duration shutdownTimeout) {
    return Reactors.create(shutdownTimeout, new EdtDispatcher());
  }
}
