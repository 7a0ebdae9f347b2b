package dev.braid.process;

import java.nio.ByteBuffer;

/**
 * The application side of a child process started with {@link Processes#spawn}.
 *
 * <p>Every method is called on the reactor thread, never concurrently, in this order: {@link
 * #connectionMade} once; {@link #childDataReceived} any number of times, interleaved with {@link
 * #processExited} once; then {@link #processEnded} once, after every {@code childDataReceived}.
 *
 * <p>An exception thrown by one of these methods is logged at ERROR; the process is not touched and
 * the remaining events are still delivered.
 */
public interface ProcessProtocol {
  /** The process is running. {@code transport} writes to its stdin and signals it. */
  default void connectionMade(ProcessTransport transport) {}

  /**
   * The child wrote to stdout ({@code fd} 1) or stderr ({@code fd} 2). The buffer is <em>lent</em>
   * for the duration of the call (a read-only view of a buffer reused for the next chunk): copy
   * what you keep, e.g. with {@link dev.braid.bytes.ByteString#copyOf}. The next chunk of that
   * stream is read only after this call returns (and not while reading is paused).
   */
  default void childDataReceived(int fd, ByteBuffer data) {}

  /**
   * The process ended. Output it wrote just before ending may still follow in {@link
   * #childDataReceived}.
   */
  default void processExited(ExitStatus status) {}

  /**
   * The process ended and its stdout and stderr are both closed and fully delivered (or given up
   * with {@link ProcessTransport#closeOutput}); nothing follows. If the child left a descendant
   * that keeps its stdout or stderr open, this waits for that descendant too; a {@link
   * ProcessStopper} told of the exit stops the child's process group so that it does not wait long.
   */
  default void processEnded(ExitStatus status) {}
}
