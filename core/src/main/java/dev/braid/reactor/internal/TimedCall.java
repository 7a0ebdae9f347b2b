package dev.braid.reactor.internal;

import dev.braid.time.DelayedCall;
import java.time.Duration;

/**
 * A {@link DelayedCall} of the selector reactor. It sits in the reactor's timer heap keyed by
 * {@link #heapDue}; moving it later only changes {@link #due}, and the heap re-files it when the
 * old key comes up (so resetting an idle timeout on every read costs O(1), not a heap removal).
 */
final class TimedCall implements DelayedCall {
  final SelectorReactor reactor;
  final Runnable task;
  final long seq;
  long due;
  long heapDue;
  boolean called;
  boolean cancelled;

  TimedCall(SelectorReactor reactor, long due, long seq, Runnable task) {
    this.reactor = reactor;
    this.due = due;
    this.heapDue = due;
    this.seq = seq;
    this.task = task;
  }

  private void checkActive() {
    if (called) {
      throw new AlreadyCalledException("this delayed call already ran");
    }
    if (cancelled) {
      throw new AlreadyCancelledException("this delayed call was cancelled");
    }
  }

  @Override
  public void cancel() {
    checkActive();
    cancelled = true;
    reactor.timerCancelled(this);
  }

  @Override
  public void reset(Duration delay) {
    checkActive();
    reactor.timerMoved(this, reactor.nanoTime() + Math.max(0, delay.toNanos()));
  }

  @Override
  public void delay(Duration delay) {
    checkActive();
    reactor.timerMoved(this, due + delay.toNanos());
  }

  @Override
  public boolean active() {
    return !called && !cancelled;
  }

  @Override
  public long dueNanos() {
    return due;
  }

  @Override
  public String toString() {
    String state =
        called
            ? "called"
            : cancelled ? "cancelled" : "due in " + Duration.ofNanos(due - reactor.nanoTime());
    return "DelayedCall[" + state + ", " + task + "]";
  }
}
