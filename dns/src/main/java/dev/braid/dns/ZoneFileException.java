package dev.braid.dns;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A master file that cannot be loaded as a zone. The message names the file and, for a syntax
 * error, the line (as {@code named-checkzone} does): {@code zones/example.org: 12: ...}.
 */
public final class ZoneFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final Path file;

  /** A failure to load {@code file}, described by {@code message}. */
  public ZoneFileException(Path file, String message, Throwable cause) {
    super(message, cause);
    this.file = file;
  }

  /** The master file that failed. */
  public Path file() {
    return file;
  }
}
