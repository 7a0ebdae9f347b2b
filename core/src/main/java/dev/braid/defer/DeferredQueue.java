package dev.braid.defer;

import java.util.ArrayDeque;

/**
 * A queue whose {@link #get()} returns a Deferred: Twisted's {@code DeferredQueue}. Values put in
 * while nobody waits are kept (up to {@code size} of them); gets made while the queue is empty wait
 * (up to {@code backlog} of them) and are served in order as values are put in.
 *
 * <pre>{@code
 * var queue = new DeferredQueue<Job>(100, 10);
 * queue.get().addCallback(job -> run(job));  // fires when a job is put
 * queue.put(job);
 * }</pre>
 *
 * <p>Both limits fail fast instead of blocking: {@link #put} throws {@link QueueOverflowException}
 * when {@code size} values are waiting, {@link #get()} throws {@link QueueUnderflowException} when
 * {@code backlog} gets are waiting. Cancelling a waiting get takes it out of the line (it fails
 * with {@link java.util.concurrent.CancellationException}), so the next value goes to the next get.
 *
 * <p>Not thread-safe, like Deferred: use it on one thread (the reactor thread).
 */
public final class DeferredQueue<T> {
  private final int size;
  private final int backlog;
  private final ArrayDeque<T> pending = new ArrayDeque<>();
  private final ArrayDeque<Deferred<T>> waiting = new ArrayDeque<>();

  /** A queue without limits (both limits {@link Integer#MAX_VALUE}). */
  public DeferredQueue() {
    this(Integer.MAX_VALUE, Integer.MAX_VALUE);
  }

  /**
   * A queue holding at most {@code size} values nobody has taken yet and at most {@code backlog}
   * gets waiting for a value. Both must be at least 0 ({@code 0} forbids that side entirely).
   */
  public DeferredQueue(int size, int backlog) {
    if (size < 0 || backlog < 0) {
      throw new IllegalArgumentException(
          "size and backlog must be >= 0, got size=" + size + ", backlog=" + backlog);
    }
    this.size = size;
    this.backlog = backlog;
  }

  /**
   * Gives {@code value} (not null) to the oldest waiting get, which fires with it now, or keeps it.
   * Throws {@link QueueOverflowException} if nobody waits and {@code size} values are kept.
   */
  public void put(T value) {
    if (value == null) {
      throw new NullPointerException("a DeferredQueue does not take null values");
    }
    Deferred<T> getter = waiting.poll();
    if (getter != null) {
      getter.callback(value);
      return;
    }
    if (pending.size() >= size) {
      throw new QueueOverflowException(
          "DeferredQueue is full: " + size + " value(s) wait to be taken");
    }
    pending.add(value);
  }

  /**
   * A Deferred for the next value: fired at once with the oldest kept value, or fired by a later
   * {@link #put}. Throws {@link QueueUnderflowException} if the queue is empty and {@code backlog}
   * gets already wait.
   */
  public Deferred<T> get() {
    T value = pending.poll();
    if (value != null) {
      return Deferred.succeed(value);
    }
    if (waiting.size() >= backlog) {
      throw new QueueUnderflowException(
          "DeferredQueue is empty and " + backlog + " get(s) already wait");
    }
    Deferred<T> getter = new Deferred<>(waiting::remove);
    waiting.add(getter);
    return getter;
  }

  /** How many values are kept, waiting for a get. */
  public int size() {
    return pending.size();
  }

  @Override
  public String toString() {
    return "DeferredQueue[" + pending.size() + " value(s), " + waiting.size() + " waiting get(s)]";
  }
}
