package dev.braid.reactor.internal;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** An SLF4J logger that keeps every line it is given, as "LEVEL message". Any thread. */
final class RecordingLogger extends AbstractLogger {
  private final List<String> lines = new ArrayList<>();

  RecordingLogger() {
    this.name = "recording";
  }

  /** The lines logged at {@code level} so far. */
  List<String> at(Level level) {
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
