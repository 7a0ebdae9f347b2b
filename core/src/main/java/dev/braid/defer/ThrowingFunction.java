package dev.braid.defer;

/**
 * A function that may throw; the Deferred callback type. What it throws becomes the chain's error.
 */
@FunctionalInterface
public interface ThrowingFunction<A, R> {
  /** Maps {@code argument} to the next result, or throws to put the chain on the error path. */
  R apply(A argument) throws Exception;
}
