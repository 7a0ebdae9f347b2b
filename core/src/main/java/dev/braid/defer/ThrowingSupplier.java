package dev.braid.defer;

/** A supplier that may throw. */
@FunctionalInterface
public interface ThrowingSupplier<R> {
  R get() throws Exception;
}
