package dev.braid.net;

/**
 * A producer that writes whenever it has data until told to pause (Twisted's streaming producer). A
 * transport is itself a push producer of the bytes it reads: pausing it stops reading from the
 * socket.
 */
public non-sealed interface PushProducer extends Producer {
  /** Stop writing until {@link #resumeProducing()}; writes already made are kept. */
  void pauseProducing();

  /** Go on writing. */
  void resumeProducing();
}
