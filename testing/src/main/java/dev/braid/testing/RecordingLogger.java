package dev.braid.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.LoggingEventAware;

/**
 * An SLF4J logger that keeps every line it is given, as "LEVEL message", for a test that hands it
 * to the code under test (a {@code logger(...)} or {@code logTo(...)} seam) and checks what was
 * logged; {@link #entries()} has each one's level, message and the key-value fields of the fluent
 * API ({@code log.atInfo().addKeyValue(...)}). Every level is enabled. Any thread.
 */
public final class RecordingLogger extends AbstractLogger implements LoggingEventAware {
  private static final long serialVersionUID = 1L;

  private final List<String> lines = new ArrayList<>();
  private final List<Entry> entries = new ArrayList<>();

  /**
   * One logged message.
   *
   * @param level its level
   * @param message the message, its {@code {}} filled in with the arguments
   * @param fields the key-value fields given through the fluent API, in order (else empty)
   */
  public record Entry(Level level, String message, List<KeyValuePair> fields) {}

  /** A logger named "recording" that has kept nothing yet. */
  public RecordingLogger() {
    this.name = "recording";
  }

  /** Every line logged so far, in order, as "LEVEL message". */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** Everything logged so far, in order. */
  public List<Entry> entries() {
    synchronized (lines) {
      return List.copyOf(entries);
    }
  }

  /** The messages logged at {@code level} so far, in order, without the level. */
  public List<String> at(Level level) {
    synchronized (lines) {
      return lines.stream()
          .filter(l -> l.startsWith(level + " "))
          .map(l -> l.substring(level.toString().length() + 1))
          .toList();
    }
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(
      Level level, Marker marker, String pattern, Object[] args, Throwable error) {
    record(level, MessageFormatter.basicArrayFormat(pattern, args), List.of());
  }

  /** For the fluent API: keeps the event's key-value fields too. */
  @Override
  public void log(LoggingEvent event) {
    List<KeyValuePair> fields = event.getKeyValuePairs();
    record(
        event.getLevel(),
        MessageFormatter.basicArrayFormat(event.getMessage(), event.getArgumentArray()),
        fields == null ? List.of() : List.copyOf(fields));
  }

  private void record(Level level, String message, List<KeyValuePair> fields) {
    synchronized (lines) {
      lines.add(level + " " + message);
      entries.add(new Entry(level, message, fields));
    }
  }

  @Override
  public boolean isTraceEnabled() {
    return true;
  }

  @Override
  public boolean isTraceEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isDebugEnabled() {
    return true;
  }

  @Override
  public boolean isDebugEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isInfoEnabled() {
    return true;
  }

  @Override
  public boolean isInfoEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isWarnEnabled() {
    return true;
  }

  @Override
  public boolean isWarnEnabled(Marker marker) {
    return true;
  }

  @Override
  public boolean isErrorEnabled() {
    return true;
  }

  @Override
  public boolean isErrorEnabled(Marker marker) {
    return true;
  }
}
