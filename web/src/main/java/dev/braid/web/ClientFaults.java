package dev.braid.web;

import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of faults that are the client's, not the server's: a body that came too slowly, a client
 * that reads its responses too slowly, framing broken after the response began. Each is one INFO
 * line without a stack trace, and at most one line per {@link #INTERVAL_NANOS} is written: the
 * faults in between are counted and the next line says how many there were, so a flood of bad
 * clients cannot flood the log. Reactor thread only (one per {@link Site}).
 */
final class ClientFaults {
  private static final Logger LOG = LoggerFactory.getLogger(ClientFaults.class);

  /** One second: at most one line a second per site. */
  static final long INTERVAL_NANOS = 1_000_000_000L;

  private final ReactorTime time;
  private long nextLine = Long.MIN_VALUE;
  private long suppressed;

  ClientFaults(ReactorTime time) {
    this.time = time;
  }

  /**
   * Records that the client at {@code peer} did {@code what} (a phrase: "its body came..."); true
   * when a line was written, false when it was only counted.
   */
  boolean log(SocketAddress peer, String what) {
    long now = time.nanoTime();
    if (nextLine != Long.MIN_VALUE && now - nextLine < 0) {
      suppressed++;
      return false;
    }
    nextLine = now + INTERVAL_NANOS;
    if (suppressed == 0) {
      LOG.info("closing the connection from {}: {}", peer, what);
    } else {
      LOG.info(
          "closing the connection from {}: {} ({} more client faults since the last line)",
          peer,
          what,
          suppressed);
      suppressed = 0;
    }
    return true;
  }

  /** Faults counted since the last line written. */
  long suppressed() {
    return suppressed;
  }
}
