package dev.braid.net;

import java.io.IOException;

/**
 * The reason given to {@link Protocol#connectionLost} when a connection closed uncleanly (reset by
 * the peer, aborted, an I/O error); {@link #getCause()} holds the underlying error, if any.
 */
public final class ConnectionLost extends IOException {
  public ConnectionLost(String message, Throwable cause) {
    super(message, cause);
  }
}
