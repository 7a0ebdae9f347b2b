package dev.braid.testing.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend on a test class path (found through {@code META-INF/services}): it hands every
 * event to {@link TestLogging}, so tests can see and check what the code under test logged. With
 * another backend on the class path too (slf4j-simple, Logback), SLF4J would take the first one it
 * finds; {@link TestLoggingSession} names this one in {@code slf4j.provider} before any test runs,
 * and {@link #chosen()} tells the extension whether SLF4J took it.
 */
public final class TestLoggerProvider implements SLF4JServiceProvider {
  private static volatile boolean chosen;

  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, TestLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }

  /** SLF4J calls it on the one provider it chose. */
  @Override
  public void initialize() {
    chosen = true;
  }

  /**
   * True when SLF4J has chosen this provider: call after SLF4J has initialized ({@code
   * LoggerFactory.getILoggerFactory()} does it).
   */
  public static boolean chosen() {
    return chosen;
  }

  private static final class TestLogger extends LegacyAbstractLogger {
    TestLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable error) {
      String message = MessageFormatter.basicArrayFormat(pattern, args);
      TestLogging.log(name, level, message, error);
    }

    @Override
    public boolean isTraceEnabled() {
      return TestLogging.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return TestLogging.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return TestLogging.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return TestLogging.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }
}
