package dev.braid.testing.internal;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Makes the testing kit's SLF4J provider the one SLF4J chooses, whatever other backend the test
 * class path holds: when a JUnit session opens (before any test class loads) and {@code
 * slf4j.provider} is not set, it sets it to {@link TestLoggerProvider}. Registered in {@code
 * META-INF/services}; JUnit's launcher finds it (Maven Surefire, Gradle, IDEs).
 *
 * <p>Without it, slf4j-simple (added to see logs) or Logback ahead of braid-testing on the class
 * path would take the logging, and {@code @BraidTest} would no longer see errors logged. The
 * testing kit still prints what is logged at WARN and above (system property {@code
 * braid.test.log.level} lowers it).
 */
public final class TestLoggingSession implements LauncherSessionListener {
  /** SLF4J's system property naming the provider to use instead of searching the class path. */
  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /** Used by JUnit's launcher, through {@code ServiceLoader}. */
  public TestLoggingSession() {}

  /** SLF4J's system property for its own messages; it says INFO when a provider is named. */
  private static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, TestLoggerProvider.class.getName());
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN"); // not one INFO line per test JVM
      }
    }
  }
}
