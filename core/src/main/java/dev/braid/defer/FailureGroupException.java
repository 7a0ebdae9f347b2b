package dev.braid.defer;

import java.util.List;

/**
 * The failure of a Deferred that needed one of several to succeed and none did ({@link
 * Deferred#race}, {@link DeferredList#firstValue}): {@link #errors()} holds every input's error, in
 * input order. Each is also attached as a suppressed exception, so the stack traces show them all.
 */
public final class FailureGroupException extends RuntimeException {
  private final List<Throwable> errors;

  /** A group of {@code errors} (in input order; may be empty when there were no inputs). */
  public FailureGroupException(List<? extends Throwable> errors) {
    super(
        errors.isEmpty()
            ? "no Deferreds to wait on"
            : "all " + errors.size() + " Deferreds failed; the first: " + errors.getFirst());
    this.errors = List.copyOf(errors);
    for (Throwable error : this.errors) {
      if (error != this) {
        addSuppressed(error);
      }
    }
  }

  /** Every input's error, in input order. */
  public List<Throwable> errors() {
    return errors;
  }
}
