package dev.braid.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --pidfile}: holds this process's id while it runs. */
final class PidFile {
  private PidFile() {}

  /**
   * Writes this process's id to {@code path}. Returns null on success, or the reason it refuses:
   * the file names a process that is alive, or it cannot be written. A file naming a dead process
   * (left by a crash) is replaced.
   */
  static String claim(Path path) {
    try {
      if (Files.exists(path)) {
        String content = Files.readString(path, StandardCharsets.US_ASCII).trim();
        try {
          long pid = Long.parseLong(content);
          if (pid != ProcessHandle.current().pid()
              && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return "another process (pid "
                + pid
                + ") holds the pidfile "
                + path
                + "; is braid already running?";
          }
        } catch (NumberFormatException e) {
          return "the pidfile " + path + " does not hold a process id: \"" + content + "\"";
        }
      }
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
      return null;
    } catch (IOException e) {
      return "cannot write the pidfile " + path + ": " + e.getMessage();
    }
  }

  /** Removes {@code path} if it still holds this process's id. */
  static void release(Path path) {
    try {
      if (Files.exists(path)
          && Files.readString(path, StandardCharsets.US_ASCII)
              .trim()
              .equals(String.valueOf(ProcessHandle.current().pid()))) {
        Files.delete(path);
      }
    } catch (IOException e) {
      // Exiting anyway; a stale pidfile naming a dead process is replaced at the next start.
    }
  }
}
