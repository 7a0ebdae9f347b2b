package dev.braid.defer;

/**
 * Wraps a checked exception where an API cannot throw it as is (for example {@link
 * Outcome#getOrThrow()}); {@link #getCause()} is the original.
 */
public final class DeferredException extends RuntimeException {
  /** Wraps {@code cause}. */
  public DeferredException(Throwable cause) {
    super(cause.toString(), cause);
  }

  /** {@code error} itself when unchecked, otherwise wrapped. */
  public static RuntimeException unchecked(Throwable error) {
    if (error instanceof RuntimeException runtime) {
      return runtime;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    return new DeferredException(error);
  }
}
