package dev.braid.defer;

/** A function that may throw; the Deferred callback type. */
@FunctionalInterface
public interface ThrowingFunction<A, R> {
  R apply(A argument) throws Exception;
}
