package dev.braid.net;

/**
 * A producer that writes exactly one chunk each time the consumer calls {@link #resumeProducing()}
 * (Twisted's non-streaming producer). The consumer calls it once when the producer is registered
 * and again each time its buffer drains below the low-water mark.
 */
public non-sealed interface PullProducer extends Producer {
  /** Write one chunk now (or unregister from the consumer when there is nothing left). */
  void resumeProducing();
}
