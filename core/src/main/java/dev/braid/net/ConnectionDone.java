package dev.braid.net;

import java.io.IOException;

/**
 * The reason given to {@link Protocol#connectionLost} when a connection closed cleanly: this side
 * called {@link Transport#loseConnection()}, or the peer closed in an orderly way.
 */
public final class ConnectionDone extends IOException {
  public ConnectionDone(String message) {
    super(message, null);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this; // a normal event, not an error: no stack to record
  }
}
