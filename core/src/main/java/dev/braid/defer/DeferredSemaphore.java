package dev.braid.defer;

/**
 * Lets at most a fixed number of holders in at once, for code that waits on Deferreds: Twisted's
 * {@code DeferredSemaphore}. Typical use: limit how many requests run concurrently.
 *
 * <pre>{@code
 * var limit = new DeferredSemaphore(4);
 * for (var url : urls) {
 *   limit.run(() -> client.get(url)).addCallback(...);  // at most 4 in flight
 * }
 * }</pre>
 *
 * <p>{@link #acquire()} returns a Deferred that fires (with this semaphore) once a token is yours;
 * waiters get tokens in the order they asked. Cancelling a waiting acquire takes it out of the
 * queue. Not thread-safe, like Deferred: use it on one thread (the reactor thread).
 */
public final class DeferredSemaphore {
  private final TokenPool<DeferredSemaphore> pool;

  /** A semaphore with {@code tokens} tokens, all free. Throws if {@code tokens < 1}. */
  public DeferredSemaphore(int tokens) {
    this.pool = new TokenPool<>(this, tokens);
  }

  /** How many tokens are free now. */
  public int tokens() {
    return pool.available();
  }

  /** How many tokens the semaphore has in all. */
  public int limit() {
    return pool.limit();
  }

  /**
   * Asks for a token: the Deferred fires with this semaphore when you have one (at once if one is
   * free and nobody waits). Call {@link #release()} when done.
   */
  public Deferred<DeferredSemaphore> acquire() {
    return pool.acquire();
  }

  /**
   * Gives a token back; the longest waiter gets it. Throws {@link IllegalStateException} if every
   * token is already free.
   */
  public void release() {
    pool.release();
  }

  /**
   * Acquires a token, calls {@code action}, and releases the token when the Deferred it returns
   * fires (or at once if it throws). The returned Deferred has the action's result; cancelling it
   * while it waits leaves the queue, while the action runs cancels the action's Deferred.
   */
  public <T> Deferred<T> run(ThrowingSupplier<? extends Deferred<T>> action) {
    return pool.run(action);
  }

  @Override
  public String toString() {
    return "DeferredSemaphore[" + tokens() + "/" + limit() + " free]";
  }
}
