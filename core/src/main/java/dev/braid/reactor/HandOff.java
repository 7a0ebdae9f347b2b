package dev.braid.reactor;

import java.util.concurrent.locks.LockSupport;

/**
 * Strict hand-off of a {@link LendableReactor} between the thread that holds it (its loop thread,
 * or the test's thread for a {@code MemoryReactor}) and one other thread (a test body, a coroutine
 * body): exactly one of the two runs at a time, the other is parked. While the body thread holds
 * the reactor it is the reactor's owner ({@code isReactorThread()} is true there), so it may call
 * the reactor, transports and Deferreds directly.
 *
 * <p>An engine piece: the coroutine support and the testing kit use it; applications write {@code
 * Coroutines.async} instead.
 */
public final class HandOff {
  private final LendableReactor reactor;
  private final Thread body;
  private volatile Thread loop;
  private volatile boolean bodyTurn;

  /** A hand-off between {@code reactor}'s loop and {@code body}. */
  public HandOff(LendableReactor reactor, Thread body) {
    this.reactor = reactor;
    this.body = body;
  }

  /**
   * On the thread that holds the reactor: gives the reactor to the body thread and parks until the
   * body gives it back with {@link #toReactor}.
   */
  public void toBody() {
    Thread current = Thread.currentThread();
    if (current == body) {
      throw new IllegalStateException("toBody called on the body thread");
    }
    loop = current;
    reactor.setOwner(body);
    bodyTurn = true;
    LockSupport.unpark(body);
    while (bodyTurn) {
      LockSupport.park(this);
    }
    reactor.setOwner(current);
  }

  /**
   * On the body thread: gives the reactor back to the thread that lent it and, when {@code wait},
   * parks until that thread calls {@link #toBody} again.
   */
  public void toReactor(boolean wait) {
    if (Thread.currentThread() != body) {
      throw new IllegalStateException("toReactor called off the body thread");
    }
    bodyTurn = false;
    LockSupport.unpark(loop);
    if (wait) {
      awaitTurn();
    }
  }

  /** On the body thread: parks until the reactor's holder has given it the reactor. */
  public void awaitTurn() {
    while (!bodyTurn) {
      LockSupport.park(this);
    }
  }

  /** True while the body thread holds the reactor. */
  public boolean bodyHolds() {
    return bodyTurn;
  }
}
