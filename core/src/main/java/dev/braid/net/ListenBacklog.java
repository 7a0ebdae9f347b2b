package dev.braid.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The default length of a listening socket's queue of connections not yet accepted: the kernel's
 * own cap ({@code net.core.somaxconn}), so a burst of connections waits in the kernel rather than
 * being refused, and a larger value would be cut to it anyway. Read once, when the listen options
 * are first used.
 */
final class ListenBacklog {
  /** Where Linux publishes its cap on accept queues. */
  static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

  /** The default where the cap cannot be read: Linux's own default since 5.4. */
  static final int FALLBACK = 4096;

  /** The system's default: {@link #SOMAXCONN}'s value, or {@link #FALLBACK}. */
  static final int SYSTEM_DEFAULT = read(SOMAXCONN);

  private ListenBacklog() {}

  /** The positive number that {@code file} holds, or {@link #FALLBACK} if it holds none. */
  static int read(Path file) {
    try {
      int n = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return n >= 1 ? n : FALLBACK;
    } catch (IOException | NumberFormatException | SecurityException e) {
      return FALLBACK;
    }
  }
}
