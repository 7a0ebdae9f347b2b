package dev.braid.reactor.internal;

import java.nio.channels.SelectionKey;

/** What the selector reactor attaches to each registered channel. Reactor thread only. */
interface ChannelHandler {
  /** The channel of {@code key} is ready for the operations in {@code key.readyOps()}. */
  void ready(SelectionKey key);

  /** The reactor is shutting down: close. */
  void reactorStopping();
}
