package dev.braid.defer;

/** Thrown by {@link DeferredQueue#put} when the queue already holds as many values as it may. */
public final class QueueOverflowException extends IllegalStateException {
  /** An overflow described by {@code message}. */
  public QueueOverflowException(String message) {
    super(message);
  }
}
