package dev.braid.cli.logging;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The {@code braid} command's SLF4J backend: library code logs through SLF4J, and this writes the
 * events as text or JSON lines ({@link LogFormat}) to standard error or a rotating file. Key-value
 * pairs of SLF4J's fluent API ({@code log.atInfo().addKeyValue("peer", p).log(...)}) become fields.
 *
 * <p>{@link #install} selects it (through SLF4J's {@code slf4j.provider} property) before the first
 * logger is made; it is not registered with {@code ServiceLoader}, so on a test class path the
 * testing kit's backend stays in charge.
 */
public final class CommandLogging implements SLF4JServiceProvider {
  private static volatile Level threshold = Level.INFO;
  private static volatile LogFormat format = LogFormat.TEXT;
  private static volatile LogSink sink = LogSink.stderr(System.err);

  private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
  private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CommandLogger::new);
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new BasicMDCAdapter();

  /** Used by SLF4J. */
  public CommandLogging() {}

  /**
   * Makes this the SLF4J backend and sets it up: events at {@code level} and above, in {@code
   * logFormat}, to {@code file} (rotating past {@code maxBytes}, keeping {@code keep} old files)
   * or, when {@code file} is null, to {@code stderr}. Call before anything logs.
   */
  public static void install(
      Level level, LogFormat logFormat, Path file, long maxBytes, int keep, PrintStream stderr)
      throws IOException {
    threshold = level;
    format = logFormat;
    sink = file == null ? LogSink.stderr(stderr) : LogSink.file(file, maxBytes, keep);
    System.setProperty("slf4j.provider", CommandLogging.class.getName());
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }

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

  @Override
  public void initialize() {}

  private static boolean enabled(Level level) {
    return level.toInt() >= threshold.toInt();
  }

  private static void emit(
      String logger,
      Level level,
      String message,
      List<Map.Entry<String, Object>> fields,
      Throwable error) {
    LogFormat.Event event =
        new LogFormat.Event(
            Instant.now(),
            level.name(),
            logger,
            Thread.currentThread().getName(),
            message,
            fields,
            error);
    sink.write(format.format(event));
  }

  private static final class CommandLogger extends LegacyAbstractLogger
      implements LoggingEventAware {
    CommandLogger(String name) {
      this.name = name;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable error) {
      emit(name, level, MessageFormatter.basicArrayFormat(pattern, args), List.of(), error);
    }

    @Override
    public void log(LoggingEvent event) {
      if (!enabled(event.getLevel())) {
        return;
      }
      Object[] args = event.getArgumentArray();
      String message = MessageFormatter.basicArrayFormat(event.getMessage(), args);
      List<Map.Entry<String, Object>> fields = new ArrayList<>();
      List<KeyValuePair> pairs = event.getKeyValuePairs();
      if (pairs != null) {
        for (KeyValuePair pair : pairs) {
          fields.add(Map.entry(pair.key, pair.value == null ? "null" : pair.value));
        }
      }
      emit(name, event.getLevel(), message, fields, event.getThrowable());
    }

    @Override
    public boolean isTraceEnabled() {
      return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
      return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
      return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
      return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
      return enabled(Level.ERROR);
    }
  }
}
