package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import dev.braid.net.ReactorUdp.UdpListenOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectionKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound UDP socket on the selector reactor: reads datagrams into the reactor's shared read buffer
 * and lends them to its {@link DatagramProtocol}; sends each written datagram at once.
 */
final class UdpPort implements DatagramTransport, ChannelHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DatagramTransport.class);

  /** How many datagrams one read event takes at most before other channels get a turn. */
  private static final int DATAGRAMS_PER_EVENT = 32;

  private final SelectorReactor reactor;
  private final DatagramChannel channel;
  private final DatagramProtocol protocol;
  private final int maxPacketSize;
  private final InetSocketAddress address;
  private final SelectionKey key;
  private final Map<List<Object>, MembershipKey> memberships = new HashMap<>();
  private InetSocketAddress peer;
  private long dropped;
  private boolean stopped;

  private UdpPort(
      SelectorReactor reactor,
      DatagramChannel channel,
      DatagramProtocol protocol,
      int maxPacketSize)
      throws IOException {
    this.reactor = reactor;
    this.channel = channel;
    this.protocol = protocol;
    this.maxPacketSize = maxPacketSize;
    this.address = (InetSocketAddress) channel.getLocalAddress();
    this.key = channel.register(reactor.selector(), SelectionKey.OP_READ, this);
  }

  /** Binds {@code port} and starts {@code protocol}; reactor thread only. */
  static UdpPort open(
      SelectorReactor reactor, int port, DatagramProtocol protocol, UdpListenOptions options)
      throws IOException {
    reactor.checkThread("listenUdp");
    String iface = options.interfaceAddress();
    String description = "udp:" + port + (iface.isEmpty() ? "" : ":interface=" + iface);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("cannot bind " + description + ": port must be 0..65535");
    }
    InetAddress bindAddress;
    try {
      bindAddress = iface.isEmpty() ? null : InetAddress.ofLiteral(iface);
    } catch (IllegalArgumentException e) {
      throw new BindException(
          "cannot bind " + description + ": interface must be an IP address, got " + iface);
    }
    DatagramChannel channel =
        DatagramChannel.open(
            bindAddress instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
    UdpPort udp;
    try {
      channel.configureBlocking(false);
      channel.bind(
          bindAddress == null
              ? new InetSocketAddress(port)
              : new InetSocketAddress(bindAddress, port));
      udp = new UdpPort(reactor, channel, protocol, options.maxPacketSize());
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (e instanceof IOException) {
        BindException error =
            new BindException("cannot bind " + description + ": " + e.getMessage());
        error.initCause(e);
        throw error;
      }
      throw e;
    }
    LOG.debug("UDP port bound to {}", udp.address);
    try {
      protocol.startProtocol(udp);
    } catch (Throwable e) {
      LOG.error("startProtocol failed on UDP port {}; closing it", udp.address, e);
      udp.close(false);
    }
    return udp;
  }

  @Override
  public void ready(SelectionKey key) {
    ByteBuffer buffer = reactor.readBuffer;
    ByteBuffer view = reactor.readView;
    for (int i = 0; i < DATAGRAMS_PER_EVENT && !stopped; i++) {
      buffer.clear().limit(maxPacketSize);
      SocketAddress from;
      try {
        from = channel.receive(buffer);
      } catch (PortUnreachableException e) {
        refused();
        continue;
      } catch (IOException e) {
        LOG.warn("receive on UDP port {} failed: {}", address, e.toString());
        return;
      }
      if (from == null) {
        return;
      }
      view.clear().limit(buffer.position());
      try {
        protocol.datagramReceived(view, from);
      } catch (Throwable e) {
        LOG.error("datagramReceived failed on UDP port {} (datagram from {})", address, from, e);
      }
    }
  }

  private void refused() {
    try {
      protocol.connectionRefused();
    } catch (Throwable e) {
      LOG.error("connectionRefused failed on UDP port {}", address, e);
    }
  }

  @Override
  public void write(ByteBuffer datagram, SocketAddress to) {
    reactor.checkThread("DatagramTransport.write");
    if (stopped) {
      dropped++;
      return;
    }
    try {
      if (channel.send(datagram, to) == 0 && datagram.hasRemaining()) {
        dropped++;
      }
    } catch (PortUnreachableException e) {
      dropped++;
      refused();
    } catch (IOException e) {
      dropped++;
      LOG.debug("send from UDP port {} to {} failed", address, to, e);
    }
  }

  @Override
  public void write(ByteBuffer datagram) {
    if (peer == null) {
      throw new IllegalStateException(
          "write without an address on UDP port " + address + ", which is not connected");
    }
    write(datagram, peer);
  }

  @Override
  public void connect(InetSocketAddress peer) throws IOException {
    reactor.checkThread("DatagramTransport.connect");
    if (peer.isUnresolved()) {
      throw new IOException("connect needs an IP address, got the unresolved " + peer);
    }
    channel.connect(peer);
    this.peer = peer;
  }

  @Override
  public Optional<InetSocketAddress> connectedAddress() {
    return Optional.ofNullable(peer);
  }

  @Override
  public void joinGroup(InetAddress group, NetworkInterface networkInterface) throws IOException {
    reactor.checkThread("DatagramTransport.joinGroup");
    List<Object> id = List.of(group, networkInterface);
    if (!memberships.containsKey(id)) {
      memberships.put(id, channel.join(group, networkInterface));
    }
  }

  @Override
  public void leaveGroup(InetAddress group, NetworkInterface networkInterface) {
    reactor.checkThread("DatagramTransport.leaveGroup");
    MembershipKey membership = memberships.remove(List.of(group, networkInterface));
    if (membership != null) {
      membership.drop();
    }
  }

  @Override
  public void setTTL(int ttl) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, ttl);
  }

  @Override
  public void setLoopbackMode(boolean loopback) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, loopback);
  }

  @Override
  public void setOutgoingInterface(NetworkInterface networkInterface) throws IOException {
    channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, networkInterface);
  }

  @Override
  public InetSocketAddress hostAddress() {
    return address;
  }

  @Override
  public long droppedDatagrams() {
    return dropped;
  }

  @Override
  public void reactorStopping() {
    close(true);
  }

  /**
   * Closes the port. The Deferred fires two task turns later: the JDK closes a channel registered
   * with a selector only when the selector next drops its cancelled key, so until then the socket
   * still holds its port (and swallows datagrams instead of the peer hearing "port unreachable").
   * After a second turn the loop has selected at least once since the cancel.
   */
  @Override
  public Deferred<Void> stopListening() {
    reactor.checkThread("stopListening");
    close(true);
    return reactor.afterNextSelect(); // the socket is released when the selector drops its key
  }

  private void close(boolean tellProtocol) {
    if (stopped) {
      return;
    }
    stopped = true;
    key.cancel();
    TcpListeningPort.closeQuietly(channel);
    LOG.debug("UDP port {} closed", address);
    if (tellProtocol) {
      try {
        protocol.stopProtocol();
      } catch (Throwable e) {
        LOG.error("stopProtocol failed on UDP port {}", address, e);
      }
    }
  }

  @Override
  public String toString() {
    return "UdpPort[" + address + (stopped ? ", stopped" : "") + "]";
  }
}
