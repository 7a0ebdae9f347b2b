package dev.braid.process;

import dev.braid.bytes.ByteString;

/**
 * {@link Processes#getProcessOutput} failed because the process wrote to stderr. It carries
 * everything the process wrote and how it ended.
 */
public final class ProcessOutputException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient ExitStatus status;
  private final transient ByteString stdout;
  private final transient ByteString stderr;

  /** An exception for a process that ended with {@code status} after writing these bytes. */
  public ProcessOutputException(ExitStatus status, ByteString stdout, ByteString stderr) {
    super("process wrote " + stderr.size() + " bytes to stderr (" + status + ")");
    this.status = status;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** How the process ended. */
  public ExitStatus status() {
    return status;
  }

  /** Everything the process wrote to stdout. */
  public ByteString stdout() {
    return stdout;
  }

  /** Everything the process wrote to stderr. */
  public ByteString stderr() {
    return stderr;
  }
}
