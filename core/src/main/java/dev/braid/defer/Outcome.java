package dev.braid.defer;

/**
 * What a Deferred's chain holds at one point: a value or an error. {@link Deferred#addBoth} hands
 * one to its callback; switch over it exhaustively:
 *
 * <pre>{@code
 * d.addBoth(outcome -> switch (outcome) {
 *   case Outcome.Success<String>(var value) -> value;
 *   case Outcome.Failure<String>(var error) -> "failed: " + error.getMessage();
 * });
 * }</pre>
 */
public sealed interface Outcome<T> {
  /** A value (which may be null for {@code Deferred<Void>}). */
  record Success<T>(T value) implements Outcome<T> {}

  /** An error. */
  record Failure<T>(Throwable error) implements Outcome<T> {
    /** Rejects a null {@code error}. */
    public Failure {
      if (error == null) {
        throw new NullPointerException("error");
      }
    }
  }

  /** The value, or the error thrown (checked errors wrapped in {@link DeferredException}). */
  default T getOrThrow() {
    return switch (this) {
      case Success<T>(var value) -> value;
      case Failure<T>(var error) -> throw DeferredException.unchecked(error);
    };
  }
}
