package dev.braid.defer;

/**
 * A lock for code that runs on one thread but waits on Deferreds: Twisted's {@code DeferredLock}.
 * It does not block threads; {@link #acquire()} returns a Deferred that fires (with this lock) once
 * the lock is yours, and waiters get the lock in the order they asked for it.
 *
 * <pre>{@code
 * lock.run(() -> connection.sendCommand("UPDATE ..."))  // runs when the lock is free,
 *     .addCallback(reply -> ...);                      // and releases it either way
 * }</pre>
 *
 * <p>Prefer {@link #run}: with {@link #acquire()} and {@link #release()} you must release on every
 * path yourself. Cancelling a Deferred from {@code acquire()} that is still waiting takes it out of
 * the queue (it fails with {@link java.util.concurrent.CancellationException}); cancelling one that
 * already fired does nothing, and you hold the lock.
 *
 * <p>Not thread-safe, like Deferred: use it on one thread (the reactor thread).
 */
public final class DeferredLock {
  private final TokenPool<DeferredLock> pool = new TokenPool<>(this, 1);

  /** An unlocked lock. */
  public DeferredLock() {}

  /** True while someone holds the lock. */
  public boolean locked() {
    return pool.available() == 0;
  }

  /**
   * Asks for the lock: the Deferred fires with this lock when it is yours (at once if it is free
   * and nobody waits). Call {@link #release()} when done.
   */
  public Deferred<DeferredLock> acquire() {
    return pool.acquire();
  }

  /**
   * Gives the lock up; the longest waiter gets it. Throws {@link IllegalStateException} if the lock
   * is not held.
   */
  public void release() {
    pool.release();
  }

  /**
   * Acquires the lock, calls {@code action}, and releases the lock when the Deferred it returns
   * fires (or at once if it throws). The returned Deferred has the action's result. Cancelling it
   * while it waits for the lock leaves the queue; cancelling it while the action runs cancels the
   * action's Deferred.
   */
  public <T> Deferred<T> run(ThrowingSupplier<? extends Deferred<T>> action) {
    return pool.run(action);
  }

  @Override
  public String toString() {
    return "DeferredLock[" + (locked() ? "locked" : "unlocked") + "]";
  }
}
