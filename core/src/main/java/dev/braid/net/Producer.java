package dev.braid.net;

/**
 * Something that writes data into a {@link Consumer} (usually a transport) at its own pace. Braid's
 * flow control: register a producer with the consumer, and the consumer tells it when to stop and
 * go, so a fast source never buffers more than the consumer's high-water mark (plus one chunk).
 *
 * <p>There are two kinds: a {@link PushProducer} writes on its own until paused; a {@link
 * PullProducer} writes one chunk each time it is asked. All calls are made on the reactor thread.
 */
public sealed interface Producer permits PushProducer, PullProducer {
  /** Stop for good: the consumer is gone (for a transport, the connection closed). */
  void stopProducing();
}
