package dev.braid.defer;

import java.util.ArrayDeque;

/**
 * The machinery behind {@link DeferredLock} and {@link DeferredSemaphore}: a number of tokens and a
 * FIFO queue of Deferreds waiting for one. {@code owner} is what an acquire fires with.
 *
 * <p>Waiters are served by a loop rather than from inside {@link #release()}: a waiter whose
 * callbacks release at once does not start a nested release, so any number of waiters is served
 * without deepening the stack, and a new acquire made from a callback queues behind the waiters
 * already there.
 */
final class TokenPool<S> {
  private final S owner;
  private final int limit;
  private int available;
  private final ArrayDeque<Deferred<S>> waiting = new ArrayDeque<>();
  private boolean serving;

  TokenPool(S owner, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a semaphore needs at least one token, got " + limit);
    }
    this.owner = owner;
    this.limit = limit;
    this.available = limit;
  }

  int available() {
    return available;
  }

  int limit() {
    return limit;
  }

  Deferred<S> acquire() {
    if (available > 0 && waiting.isEmpty()) {
      available--;
      return Deferred.succeed(owner);
    }
    Deferred<S> waiter = new Deferred<>(waiting::remove);
    waiting.add(waiter);
    return waiter;
  }

  void release() {
    if (available >= limit) {
      throw new IllegalStateException(
          "release() without a matching acquire: all " + limit + " token(s) are free");
    }
    available++;
    serve();
  }

  private void serve() {
    if (serving) {
      return; // the loop below (further up this thread's stack) serves the next waiter
    }
    serving = true;
    try {
      while (available > 0 && !waiting.isEmpty()) {
        available--;
        waiting.poll().callback(owner);
      }
    } finally {
      serving = false;
    }
  }

  <T> Deferred<T> run(ThrowingSupplier<? extends Deferred<T>> action) {
    return acquire()
        .addDeferredCallback(
            ignored -> {
              Deferred<T> result;
              try {
                result = action.get();
              } catch (Throwable t) {
                release();
                throw t;
              }
              if (result == null) {
                release();
                throw new NullPointerException("the action returned null instead of a Deferred");
              }
              return result.addFinally(this::release);
            });
  }
}
