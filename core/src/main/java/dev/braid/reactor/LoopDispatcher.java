package dev.braid.reactor;

/**
 * Runs the callback half of each turn of a selector reactor ({@link
 * Reactors#create(java.time.Duration, LoopDispatcher)}) on another thread, such as a GUI toolkit's
 * event thread. With a dispatcher, the reactor's own thread only waits in {@code select}; after
 * each wait it hands the turn's work (dispatching the ready channels, running the due timers and
 * the queued tasks) to {@link #runAndWait} and waits for it, so protocol callbacks, Deferred
 * callbacks fired by I/O, delayed calls and {@code callFromThread} tasks all run on the dispatch
 * thread. While a turn runs there, the dispatch thread owns the reactor ({@code isReactorThread()}
 * is true there); between turns it does not.
 *
 * <p>GUI integrations (the {@code braid-swing} module) implement it.
 */
public interface LoopDispatcher {
  /**
   * Called on the reactor's loop thread: runs {@code turn} on the dispatch thread and returns once
   * it has run. Must not return before {@code turn} has finished, even when the calling thread is
   * interrupted (restore the interrupt status instead), because the loop touches the selector again
   * as soon as this returns. An exception thrown by {@code turn} is rethrown here.
   */
  void runAndWait(Runnable turn);

  /** True when called on the dispatch thread. */
  boolean isDispatchThread();
}
