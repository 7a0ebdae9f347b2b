package dev.braid.defer;

/**
 * Thrown by {@link DeferredQueue#get} when the queue is empty and as many gets already wait as it
 * allows.
 */
public final class QueueUnderflowException extends IllegalStateException {
  /** An underflow described by {@code message}. */
  public QueueUnderflowException(String message) {
    super(message);
  }
}
