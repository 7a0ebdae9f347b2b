package dev.braid.net;

import dev.braid.defer.Deferred;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A bound UDP socket as its {@link DatagramProtocol} sees it: send datagrams, connect to one peer,
 * join multicast groups, stop. Reactor thread only.
 *
 * <p>Writes are not queued: each {@code write} sends its datagram before it returns. UDP promises
 * no delivery, and this transport keeps that promise too: a datagram that does not fit in the
 * socket's send buffer at that moment is dropped and counted ({@link #droppedDatagrams}), as the
 * network itself would drop it. The transport does not keep the buffer given to {@code write}; its
 * position is moved past the bytes sent.
 */
public interface DatagramTransport {
  /** Sends the remaining bytes of {@code datagram} as one datagram to {@code to}. */
  void write(ByteBuffer datagram, SocketAddress to);

  /**
   * Sends the remaining bytes of {@code datagram} to the connected peer. Throws {@link
   * IllegalStateException} when the port is not connected ({@link #connect}).
   */
  void write(ByteBuffer datagram);

  /**
   * Connects this port to {@code peer} (an IP address; no name lookup): from now on it receives
   * only from that peer, {@link #write(ByteBuffer)} sends there, and an ICMP "port unreachable" for
   * a datagram sent there reaches {@link DatagramProtocol#connectionRefused}. Throws {@link
   * IOException} when the socket refuses (for example an unresolved address).
   */
  void connect(InetSocketAddress peer) throws IOException;

  /** The peer this port is connected to, if any. */
  Optional<InetSocketAddress> connectedAddress();

  /**
   * Joins the multicast {@code group} on {@code networkInterface}: datagrams sent to the group (and
   * to this port's number) arrive here. Throws {@link IOException} when the system refuses.
   */
  void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException;

  /** Leaves a group joined with {@link #joinGroup}; does nothing for a group not joined. */
  void leaveGroup(InetAddress group, NetworkInterface networkInterface);

  /** Sets the time-to-live (hop limit) of multicast datagrams sent from here (default 1). */
  void setTTL(int ttl) throws IOException;

  /** Whether multicast datagrams sent from here come back to this host's own members. */
  void setLoopbackMode(boolean loopback) throws IOException;

  /** The interface multicast datagrams sent from here leave by. */
  void setOutgoingInterface(NetworkInterface networkInterface) throws IOException;

  /** The local address this port is bound to, with the port the OS chose for port 0. */
  InetSocketAddress hostAddress();

  /** How many datagrams {@code write} dropped so far (send buffer full, or a send error). */
  long droppedDatagrams();

  /**
   * Closes the socket; the protocol hears {@link DatagramProtocol#stopProtocol} at once. The
   * Deferred fires once the operating system has released the port (on the selector reactor, a loop
   * turn or two later), so a datagram sent there afterwards gets "port unreachable". Calling it
   * again does nothing more and returns a Deferred that fires the same way.
   */
  Deferred<Void> stopListening();
}
