package dev.braid.socks.codec;

import java.net.InetAddress;
import java.util.Objects;

/** Where a client asks the proxy to connect: an IP address or a host name, and a port. */
public sealed interface SocksDestination {
  /** The port, 0 to 65535. */
  int port();

  /** An IPv4 or IPv6 address (SOCKS4, SOCKS5 address types 1 and 4). */
  record Ip(InetAddress address, int port) implements SocksDestination {
    /** Checks the parts. */
    public Ip {
      Objects.requireNonNull(address, "address");
      checkPort(port);
    }

    @Override
    public String toString() {
      return (address instanceof java.net.Inet6Address
              ? "[" + address.getHostAddress() + "]"
              : address.getHostAddress())
          + ":"
          + port;
    }
  }

  /** A host name the proxy resolves (SOCKS4a, SOCKS5 address type 3). */
  record Domain(String name, int port) implements SocksDestination {
    /** Checks the parts. */
    public Domain {
      Objects.requireNonNull(name, "name");
      checkPort(port);
    }

    @Override
    public String toString() {
      return name + ":" + port;
    }
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
  }
}
