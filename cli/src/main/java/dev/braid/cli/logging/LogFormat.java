package dev.braid.cli.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** How the command writes one log event: readable text, or one JSON object a line. */
public enum LogFormat {
  /** {@code 2026-11-22T03:40:00.123Z INFO [main] ListeningPort - listening on ... key=value}. */
  TEXT {
    @Override
    String format(Event event) {
      StringBuilder out = new StringBuilder(128);
      out.append(TIME.format(event.time()))
          .append(' ')
          .append(String.format("%-5s", event.level()))
          .append(" [")
          .append(event.thread())
          .append("] ")
          .append(shortName(event.logger()))
          .append(" - ")
          .append(event.message());
      for (Map.Entry<String, Object> field : event.fields()) {
        out.append(' ').append(field.getKey()).append('=').append(field.getValue());
      }
      if (event.error() != null) {
        out.append(System.lineSeparator()).append(stackTrace(event.error()).stripTrailing());
      }
      return out.toString();
    }
  },
  /**
   * One JSON object a line: {@code time}, {@code level}, {@code logger}, {@code thread}, {@code
   * message}, {@code fields} (the event's key-value pairs) and {@code exception} (the stack trace).
   */
  JSON {
    @Override
    String format(Event event) {
      StringBuilder out = new StringBuilder(160).append('{');
      field(out, "time", TIME.format(event.time())).append(',');
      field(out, "level", event.level()).append(',');
      field(out, "logger", event.logger()).append(',');
      field(out, "thread", event.thread()).append(',');
      field(out, "message", event.message());
      if (!event.fields().isEmpty()) {
        out.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, Object> f : event.fields()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          Object value = f.getValue();
          if (value instanceof Number || value instanceof Boolean) {
            quote(out, f.getKey()).append(':').append(value);
          } else {
            field(out, f.getKey(), String.valueOf(value));
          }
        }
        out.append('}');
      }
      if (event.error() != null) {
        out.append(',');
        field(out, "exception", stackTrace(event.error()));
      }
      return out.append('}').toString();
    }
  };

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.of("UTC"));

  /** One log event. */
  record Event(
      Instant time,
      String level,
      String logger,
      String thread,
      String message,
      List<Map.Entry<String, Object>> fields,
      Throwable error) {}

  abstract String format(Event event);

  private static String shortName(String logger) {
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }

  private static String stackTrace(Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }

  private static StringBuilder field(StringBuilder out, String key, String value) {
    return quote(quote(out, key).append(':'), value);
  }

  /** Appends {@code s} as a JSON string. */
  static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }
}
