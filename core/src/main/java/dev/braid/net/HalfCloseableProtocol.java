package dev.braid.net;

/**
 * A protocol that can go on after one direction of the connection closed (TCP half-close). A
 * protocol that does not implement it has its connection closed when the peer stops sending.
 */
public interface HalfCloseableProtocol extends Protocol {
  /** The peer will send no more bytes; the protocol may still write. */
  void readConnectionLost();

  /** This side's writing direction is shut ({@link Transport#loseWriteConnection()} finished). */
  default void writeConnectionLost() {}
}
