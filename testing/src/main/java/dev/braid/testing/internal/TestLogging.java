package dev.braid.testing.internal;

import dev.braid.testing.LoggedErrors;
import java.io.PrintStream;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Where the test logging backend sends events: every event at or above the threshold (system
 * property {@code braid.test.log.level}, default WARN) is written to the test's standard error, and
 * every ERROR event is kept until the test flushes it or the extension checks it.
 */
public final class TestLogging {
  private static final List<LoggedErrors.Entry> ERRORS = new ArrayList<>();
  private static final PrintStream OUT = System.err;
  private static final Level THRESHOLD =
      Level.valueOf(System.getProperty("braid.test.log.level", "WARN").toUpperCase());

  private TestLogging() {}

  static boolean enabled(Level level) {
    return level.toInt() >= THRESHOLD.toInt() || level == Level.ERROR;
  }

  static void log(String logger, Level level, String message, Throwable error) {
    if (level == Level.ERROR) {
      synchronized (ERRORS) {
        ERRORS.add(new LoggedErrors.Entry(logger, message, Optional.ofNullable(error)));
      }
    }
    if (level.toInt() >= THRESHOLD.toInt()) {
      synchronized (OUT) {
        OUT.println(
            LocalTime.now()
                + " "
                + level
                + " ["
                + Thread.currentThread().getName()
                + "] "
                + logger
                + " - "
                + message);
        if (error != null) {
          error.printStackTrace(OUT);
        }
      }
    }
  }

  /**
   * Throws, saying why and what to do, when SLF4J sends the log somewhere this class never sees it
   * (another provider was chosen): the extension calls it before each test, so a test class path
   * that would let logged errors pass unnoticed fails every test instead.
   */
  public static void requireCapture() {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!TestLoggerProvider.chosen()) {
      String property = System.getProperty(TestLoggingSession.PROVIDER_PROPERTY);
      throw new IllegalStateException(
          "@BraidTest cannot see what the code under test logs: SLF4J sends it to "
              + factory.getClass().getName()
              + (property == null ? "" : " (system property slf4j.provider=" + property + ")")
              + ", not to braid-testing's provider, so errors logged would not fail tests."
              + " Leave slf4j.provider unset (braid-testing then sets it to "
              + TestLoggerProvider.class.getName()
              + ") or take the other SLF4J backend off the test class path; braid-testing prints"
              + " what is logged at WARN and above, lower it with -Dbraid.test.log.level=debug.");
    }
  }

  /** Forgets every kept error (the extension calls it before each test). */
  public static void reset() {
    synchronized (ERRORS) {
      ERRORS.clear();
    }
  }

  /** See {@link LoggedErrors#flush}. */
  public static List<LoggedErrors.Entry> flush(Class<? extends Throwable>[] types) {
    synchronized (ERRORS) {
      List<LoggedErrors.Entry> taken = new ArrayList<>();
      for (var it = ERRORS.iterator(); it.hasNext(); ) {
        LoggedErrors.Entry entry = it.next();
        if (matches(entry, types)) {
          taken.add(entry);
          it.remove();
        }
      }
      return taken;
    }
  }

  private static boolean matches(LoggedErrors.Entry entry, Class<? extends Throwable>[] types) {
    if (types.length == 0) {
      return true;
    }
    Throwable error = entry.error().orElse(null);
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(error)) {
        return true;
      }
    }
    return false;
  }

  /** See {@link LoggedErrors#pending}. */
  public static List<LoggedErrors.Entry> pending() {
    synchronized (ERRORS) {
      return List.copyOf(ERRORS);
    }
  }
}
