package dev.braid.testing;

import dev.braid.testing.internal.TestLogging;
import java.util.List;
import java.util.Optional;

/**
 * The errors logged during the current test. {@link BraidTest} fails a test that leaves an error
 * logged (ERROR level, through SLF4J) which the test did not take out with {@link #flush}: a test
 * that expects an error says so.
 *
 * <pre>{@code
 * protocol.dataReceived(badInput);
 * assertThat(LoggedErrors.flush(ProtocolException.class)).hasSize(1);
 * }</pre>
 *
 * <p>Safe to call from any thread.
 */
public final class LoggedErrors {
  private LoggedErrors() {}

  /** An error logged during the test. */
  public record Entry(String logger, String message, Optional<Throwable> error) {}

  /**
   * Removes and returns the logged errors whose exception is one of {@code types} (or a subtype);
   * with no types, every logged error (also those without an exception).
   */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read, never stored or handed out
  public static List<Entry> flush(Class<? extends Throwable>... types) {
    return TestLogging.flush(types);
  }

  /** The logged errors not yet flushed, without removing them. */
  public static List<Entry> pending() {
    return TestLogging.pending();
  }
}
