package dev.braid.time;

import java.time.Duration;

/**
 * A call scheduled with {@link ReactorTime#callLater}. It runs once, on the reactor thread, when
 * its time comes, unless it is cancelled first.
 *
 * <p>Only the reactor thread may call these methods. {@link #cancel()}, {@link #reset} and {@link
 * #delay} on a call that already ran or was cancelled throw {@link AlreadyCalledException} or
 * {@link AlreadyCancelledException}, so a stale handle is caught at the point of misuse.
 */
public interface DelayedCall {
  /** Stops the call from running. Throws if it already ran or was cancelled. */
  void cancel();

  /** Moves the call so that it runs {@code delay} from now. Throws if no longer active. */
  void reset(Duration delay);

  /** Moves the call {@code delay} later than it was due. Throws if no longer active. */
  void delay(Duration delay);

  /** True until the call runs or is cancelled. */
  boolean active();

  /** The reactor time ({@link ReactorTime#nanoTime()}) at which the call is due. */
  long dueNanos();

  /** Thrown when a call that already ran is cancelled or moved. */
  final class AlreadyCalledException extends IllegalStateException {
    public AlreadyCalledException(String message) {
      super(message);
    }
  }

  /** Thrown when a call that was cancelled is cancelled or moved again. */
  final class AlreadyCancelledException extends IllegalStateException {
    public AlreadyCancelledException(String message) {
      super(message);
    }
  }
}
