package dev.braid.net;

import java.nio.ByteBuffer;

/**
 * Something that takes bytes and may fall behind: a transport, or a layer that wraps one. All calls
 * are made on the reactor thread.
 */
public interface Consumer {
  /**
   * Gives {@code data} to the consumer. Ownership passes with it: the caller must not read or
   * change the buffer again (the consumer may keep it until it is sent).
   */
  void write(ByteBuffer data);

  /**
   * Registers the producer that writes into this consumer. A {@link PushProducer} is paused when
   * the consumer's buffer goes above its high-water mark and resumed once it drains below the
   * low-water mark; a {@link PullProducer} is asked for a chunk now and each time the buffer
   * drains. At most one producer at a time: registering a second one throws {@link
   * IllegalStateException}. If the consumer is already closed, the producer's {@link
   * Producer#stopProducing()} is called at once.
   */
  void registerProducer(Producer producer);

  /** Forgets the registered producer (it is not stopped); does nothing when none is registered. */
  void unregisterProducer();
}
