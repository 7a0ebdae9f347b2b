package dev.braid.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * The application side of a UDP port: it hears each datagram that arrives and answers through its
 * {@link DatagramTransport}. One instance serves one port ({@link ReactorUdp#listenUdp}).
 *
 * <p>Every method is called on the reactor thread that owns the port, never concurrently. The order
 * is: {@link #startProtocol} once, then {@link #datagramReceived} and {@link #connectionRefused}
 * any number of times, then {@link #stopProtocol} once.
 *
 * <p>An exception thrown by {@link #datagramReceived} or {@link #connectionRefused} is logged and
 * the port goes on with the next datagram: one bad datagram does not stop a UDP server.
 */
public interface DatagramProtocol {
  /**
   * The port is bound; {@code transport} is this protocol's way to send datagrams, join groups and
   * stop. Keep it in a field.
   */
  default void startProtocol(DatagramTransport transport) {}

  /**
   * One datagram arrived from {@code from}. The buffer is <em>lent</em> for the duration of this
   * call: a read-only view of the reactor's read buffer, reused as soon as the call returns. Copy
   * what you need later (for example with {@link dev.braid.bytes.ByteString#copyOf}). A datagram
   * longer than the port's {@code maxPacketSize} arrives truncated to that size.
   */
  void datagramReceived(ByteBuffer data, SocketAddress from);

  /**
   * On a connected port ({@link DatagramTransport#connect}), the peer answered a datagram with
   * "port unreachable" (ICMP): nothing listens there, at least for now. The port stays open. The
   * default does nothing.
   */
  default void connectionRefused() {}

  /** The port is closed ({@link DatagramTransport#stopListening} or reactor shutdown). */
  default void stopProtocol() {}
}
