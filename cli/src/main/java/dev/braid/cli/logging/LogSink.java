package dev.braid.cli.logging;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where log lines go: standard error, or a file that rotates by size ({@code braid.log} becomes
 * {@code braid.log.1}, {@code .1} becomes {@code .2}, ... up to {@code keep} old files).
 * Thread-safe: lines from several threads never interleave.
 */
final class LogSink {
  private final Path file;
  private final long maxBytes;
  private final int keep;
  private OutputStream out;
  private long written;

  private LogSink(Path file, long maxBytes, int keep, OutputStream out, long written) {
    this.file = file;
    this.maxBytes = maxBytes;
    this.keep = keep;
    this.out = out;
    this.written = written;
  }

  /** A sink writing to standard error. */
  static LogSink stderr(PrintStream err) {
    return new LogSink(null, Long.MAX_VALUE, 0, err, 0);
  }

  /** A sink appending to {@code file}, rotating it past {@code maxBytes}. */
  static LogSink file(Path file, long maxBytes, int keep) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    OutputStream out =
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new LogSink(file, maxBytes, keep, out, Files.size(file));
  }

  synchronized void write(String line) {
    byte[] bytes = (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
    try {
      if (file != null && written > 0 && written + bytes.length > maxBytes) {
        rotate();
      }
      out.write(bytes);
      out.flush();
      written += bytes.length;
    } catch (IOException e) {
      // Nowhere left to report a failing log; keep the server running.
    }
  }

  private void rotate() throws IOException {
    out.close();
    for (int i = keep - 1; i >= 1; i--) {
      Path older = Path.of(file + "." + i);
      if (Files.exists(older)) {
        Files.move(older, Path.of(file + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (keep > 0) {
      Files.move(file, Path.of(file + ".1"), StandardCopyOption.REPLACE_EXISTING);
    } else {
      Files.delete(file);
    }
    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    written = 0;
  }
}
