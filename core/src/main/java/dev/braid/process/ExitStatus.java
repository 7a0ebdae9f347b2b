package dev.braid.process;

/**
 * How a child process ended.
 *
 * <p>Java reports only one number for a finished process. On Unix, a process killed by signal N is
 * reported as {@code 128 + N}, which cannot be told apart from a program that called {@code
 * exit(128 + N)} itself. Braid decides as a shell does: a value from 129 to 192 (128 plus a signal
 * number from 1 to 64) is {@link Signaled}, every other value is {@link Exited}. A program that
 * exits with such a code on purpose is therefore reported as {@link Signaled}; {@link #rawValue()}
 * gives back the number Java reported in every case.
 */
public sealed interface ExitStatus {
  /** The value Java reported ({@link Process#exitValue()}), for either kind. */
  int rawValue();

  /** The process exited with {@code code} (0 to 128, or above 192). */
  record Exited(int code) implements ExitStatus {
    @Override
    public int rawValue() {
      return code;
    }
  }

  /** The process was killed by signal number {@code signal} (1 to 64, e.g. 9 for KILL). */
  record Signaled(int signal) implements ExitStatus {
    @Override
    public int rawValue() {
      return 128 + signal;
    }
  }

  /** Maps a value from {@link Process#exitValue()} as described on {@link ExitStatus}. */
  static ExitStatus fromExitValue(int value) {
    if (value > 128 && value <= 128 + 64) {
      return new Signaled(value - 128);
    }
    return new Exited(value);
  }
}
