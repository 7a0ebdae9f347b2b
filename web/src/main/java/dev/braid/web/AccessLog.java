package dev.braid.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An access log in the Combined Log Format, one line per response: {@code host - user [date]
 * "request line" status bytes "referer" "user-agent"}. Lines go to a sink: the SLF4J logger {@code
 * dev.braid.web.access} ({@link #toLogger()}), a file ({@link #toFile}) or any consumer. Quotes,
 * backslashes and control characters in echoed fields are escaped so a client cannot forge lines.
 * Reactor thread only.
 */
public final class AccessLog {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  private final Consumer<String> sink;

  private AccessLog(Consumer<String> sink) {
    this.sink = sink;
  }

  /** A log that hands each line to {@code sink}. */
  public static AccessLog to(Consumer<String> sink) {
    return new AccessLog(sink);
  }

  /** A log to the SLF4J logger {@code dev.braid.web.access} at INFO. */
  public static AccessLog toLogger() {
    Logger log = LoggerFactory.getLogger("dev.braid.web.access");
    return new AccessLog(log::info);
  }

  /**
   * A log appended to {@code file} (created if missing), flushed after each line. The file stays
   * open for the life of the process.
   */
  public static AccessLog toFile(Path file) throws IOException {
    Writer w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new AccessLog(
        line -> {
          try {
            w.write(line);
            w.write('\n');
            w.flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  void log(Request r, Instant when) {
    sink.accept(format(r, when));
  }

  /** The Combined Log Format line for {@code r}, answered at {@code when}. */
  static String format(Request r, Instant when) {
    SocketAddress peer = r.clientAddress();
    String host =
        peer instanceof InetSocketAddress a && a.getAddress() != null
            ? a.getAddress().getHostAddress()
            : String.valueOf(peer);
    String user = BasicAuth.user(r).map(AccessLog::escape).orElse("-");
    return host
        + " - "
        + user
        + " ["
        + CLF.format(when)
        + "] \""
        + escape(r.method() + " " + r.target() + " " + r.version())
        + "\" "
        + r.status()
        + " "
        + (r.bodyBytesSent() == 0 ? "-" : Long.toString(r.bodyBytesSent()))
        + " \""
        + escape(r.header("Referer").orElse("-"))
        + "\" \""
        + escape(r.header("User-Agent").orElse("-"))
        + "\"";
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
