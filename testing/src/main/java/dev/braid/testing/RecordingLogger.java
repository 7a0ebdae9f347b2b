package dev.braid.testing;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that keeps every line it is given, as "LEVEL message", for a test that hands it
 * to the code under test (a {@code logger(...)} or {@code logTo(...)} seam) and checks what was
 * logged. Every level is enabled. Any thread.
 */
public final class RecordingLogger extends AbstractLogger {
  private static final long serialVersionUID = 1L;

  private final List<String> lines = new ArrayList<>();

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
    synchronized (lines) {
      lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
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
