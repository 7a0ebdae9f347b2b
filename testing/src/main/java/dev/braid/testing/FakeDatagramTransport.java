package dev.braid.testing;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link DatagramTransport} that records: what {@link MemoryReactor#listenUdp} returns. The test
 * delivers datagrams with {@link #receive} and reads what the protocol sent with {@link #sent}. No
 * sockets; one thread (the test's).
 */
public final class FakeDatagramTransport implements DatagramTransport {
  /**
   * One datagram the protocol sent.
   *
   * @param data its bytes (copied)
   * @param to where it was sent
   */
  public record Datagram(ByteString data, SocketAddress to) {}

  /**
   * A multicast group the protocol is in.
   *
   * @param group the group address
   * @param networkInterface the interface it joined on
   */
  public record Membership(InetAddress group, NetworkInterface networkInterface) {}

  private final InetSocketAddress address;
  private final DatagramProtocol protocol;
  private final List<Datagram> sent = new ArrayList<>();
  private final Set<Membership> groups = new LinkedHashSet<>();
  private InetSocketAddress peer;
  private boolean stopped;

  FakeDatagramTransport(InetSocketAddress address, DatagramProtocol protocol) {
    this.address = address;
    this.protocol = protocol;
  }

  /** Delivers {@code data} to the protocol as a datagram from {@code from}; the bytes are lent. */
  public void receive(ByteString data, SocketAddress from) {
    if (stopped) {
      throw new IllegalStateException("the UDP port " + address + " is stopped");
    }
    protocol.datagramReceived(data.asByteBuffer(), from);
  }

  /** Every datagram sent so far, in order. */
  public List<Datagram> sent() {
    return List.copyOf(sent);
  }

  /** The groups joined and not left, in join order. */
  public Set<Membership> groups() {
    return Set.copyOf(groups);
  }

  /** Whether {@link #stopListening} was called. */
  public boolean stopped() {
    return stopped;
  }

  @Override
  public void write(ByteBuffer datagram, SocketAddress to) {
    sent.add(new Datagram(ByteString.copyOf(datagram), to));
  }

  @Override
  public void write(ByteBuffer datagram) {
    if (peer == null) {
      throw new IllegalStateException("write without an address on a port that is not connected");
    }
    write(datagram, peer);
  }

  @Override
  public void connect(InetSocketAddress peer) {
    this.peer = peer;
  }

  @Override
  public Optional<InetSocketAddress> connectedAddress() {
    return Optional.ofNullable(peer);
  }

  @Override
  public void joinGroup(InetAddress group, NetworkInterface networkInterface) {
    groups.add(new Membership(group, networkInterface));
  }

  @Override
  public void leaveGroup(InetAddress group, NetworkInterface networkInterface) {
    groups.remove(new Membership(group, networkInterface));
  }

  /** Accepted and ignored. */
  @Override
  public void setTTL(int ttl) {}

  /** Accepted and ignored. */
  @Override
  public void setLoopbackMode(boolean loopback) {}

  /** Accepted and ignored. */
  @Override
  public void setOutgoingInterface(NetworkInterface networkInterface) {}

  @Override
  public InetSocketAddress hostAddress() {
    return address;
  }

  /** Always 0: nothing is dropped in memory. */
  @Override
  public long droppedDatagrams() {
    return 0;
  }

  /** Marks the port stopped and tells the protocol {@code stopProtocol} (once). */
  @Override
  public Deferred<Void> stopListening() {
    if (!stopped) {
      stopped = true;
      protocol.stopProtocol();
    }
    return Deferred.succeed(null);
  }
}
