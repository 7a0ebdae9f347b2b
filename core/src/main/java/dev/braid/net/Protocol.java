package dev.braid.net;

import java.nio.ByteBuffer;

/**
 * The application side of a connection: a transport feeds it events, it answers by writing to the
 * transport. A protocol instance serves exactly one connection.
 *
 * <p>Every method is called on the reactor thread that owns the connection, never concurrently. The
 * order is: {@link #connectionMade} once, then {@link #dataReceived} any number of times, then
 * {@link #connectionLost} once.
 *
 * <p>An exception thrown by any of these methods is logged and closes this connection (and only
 * this one); the reactor and every other connection go on.
 */
public interface Protocol {
  /**
   * The connection is up. {@code transport} is this protocol's way to write and to close; keep it
   * in a field.
   */
  default void connectionMade(Transport transport) {}

  /**
   * Bytes arrived. The buffer is <em>lent</em> for the duration of this call: it is a read-only
   * view of the reactor's read buffer, which is reused as soon as the call returns. A protocol that
   * needs bytes later copies them (for example with {@link dev.braid.bytes.ByteString#copyOf}). The
   * bytes of one {@code write} by the peer may arrive split over several calls, or joined with
   * others.
   */
  default void dataReceived(ByteBuffer data) {}

  /**
   * The connection is closed; no more events follow. {@code reason} is {@link ConnectionDone} for a
   * clean close (either side), {@link ConnectionLost} or another exception otherwise.
   */
  default void connectionLost(Throwable reason) {}
}
