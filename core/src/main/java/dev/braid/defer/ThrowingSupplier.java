package dev.braid.defer;

/** A supplier that may throw, used by {@link Deferred#maybeDeferred} and {@code run} methods. */
@FunctionalInterface
public interface ThrowingSupplier<R> {
  /** Produces the result, or throws. */
  R get() throws Exception;
}
