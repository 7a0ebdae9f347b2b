package dev.braid.net;

import java.io.IOException;

/**
 * UDP for a reactor. Reactor thread only (or the creating thread before the reactor runs).
 *
 * <p>Unlike TCP there is no connection and no factory: one {@link DatagramProtocol} serves the
 * whole port and hears every datagram with its sender's address.
 */
public interface ReactorUdp {
  /**
   * Binds a UDP socket to {@code port} (0 lets the OS choose) and starts {@code protocol} on it.
   * Throws {@link java.net.BindException} naming the address when it cannot bind.
   */
  DatagramTransport listenUdp(int port, DatagramProtocol protocol, UdpListenOptions options)
      throws IOException;

  /** Binds {@code port} on all IPv4 interfaces, datagrams up to 65,535 bytes. */
  default DatagramTransport listenUdp(int port, DatagramProtocol protocol) throws IOException {
    return listenUdp(port, protocol, UdpListenOptions.defaults());
  }

  /**
   * Options for {@link #listenUdp}.
   *
   * @param interfaceAddress the local IP address to bind ("" for all IPv4 interfaces, "::" for
   *     all); the socket is IPv6 when this is an IPv6 address, IPv4 otherwise
   * @param maxPacketSize the longest datagram delivered whole (1..65,535); longer ones arrive
   *     truncated
   */
  record UdpListenOptions(String interfaceAddress, int maxPacketSize) {
    /** The largest UDP payload over IPv4 and the default: 65,535 bytes. */
    public static final int MAX_PACKET_SIZE = 65_535;

    public UdpListenOptions {
      if (maxPacketSize < 1 || maxPacketSize > MAX_PACKET_SIZE) {
        throw new IllegalArgumentException(
            "maxPacketSize must be 1.." + MAX_PACKET_SIZE + ", got " + maxPacketSize);
      }
    }

    /** All IPv4 interfaces, datagrams up to 65,535 bytes. */
    public static UdpListenOptions defaults() {
      return new UdpListenOptions("", MAX_PACKET_SIZE);
    }

    /** These options bound to {@code address}. */
    public UdpListenOptions withInterface(String address) {
      return new UdpListenOptions(address, maxPacketSize);
    }

    /** These options with {@code size} as the longest datagram. */
    public UdpListenOptions withMaxPacketSize(int size) {
      return new UdpListenOptions(interfaceAddress, size);
    }
  }
}
