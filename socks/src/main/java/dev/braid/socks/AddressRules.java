package dev.braid.socks;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which destinations a proxy refuses unless told otherwise: addresses that reach the proxy's own
 * machine or networks behind it rather than the public internet. Pure; any thread.
 *
 * <p>IPv4: 0.0.0.0/8 (this network), 10/8, 172.16/12 and 192.168/16 (RFC 1918), 100.64/10
 * (carrier-grade NAT), 127/8 (loopback), 169.254/16 (link-local), 192.0.0/24 (IETF protocol
 * assignments), 198.18/15 (benchmarking), 224/4 (multicast), 240/4 (reserved) and the broadcast
 * address. IPv6: :: and ::1, fc00::/7 (unique local), fe80::/10 (link-local), fec0::/10 (old
 * site-local), ff00::/8 (multicast), and IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) and
 * 6to4 (2002::/16) addresses whose IPv4 address is refused.
 */
public final class AddressRules {
  private AddressRules() {}

  /** Why {@code address} is refused, or empty if it is a public address. */
  public static Optional<String> restriction(InetAddress address) {
    if (address instanceof Inet4Address v4) {
      return restriction4(v4.getAddress());
    }
    byte[] b = address.getAddress();
    if (address.isAnyLocalAddress()) {
      return Optional.of("the unspecified address");
    }
    if (address.isLoopbackAddress()) {
      return Optional.of("loopback");
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    if ((first & 0xfe) == 0xfc) {
      return Optional.of("a unique local address (fc00::/7)");
    }
    if (first == 0xfe && (second & 0xc0) == 0x80) {
      return Optional.of("link-local");
    }
    if (first == 0xfe && (second & 0xc0) == 0xc0) {
      return Optional.of("site-local");
    }
    if (first == 0xff) {
      return Optional.of("multicast");
    }
    if (allZero(b, 0, 12) || (first == 0 && allZero(b, 0, 10) && isFfff(b, 10))) {
      return restriction4(java.util.Arrays.copyOfRange(b, 12, 16))
          .map(r -> "an IPv4-compatible address that is " + r);
    }
    if (first == 0x00
        && second == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && allZero(b, 4, 12)) {
      return restriction4(java.util.Arrays.copyOfRange(b, 12, 16))
          .map(r -> "a NAT64 address that is " + r);
    }
    if (first == 0x20 && second == 0x02) {
      return restriction4(java.util.Arrays.copyOfRange(b, 2, 6))
          .map(r -> "a 6to4 address that is " + r);
    }
    return Optional.empty();
  }

  /** True if {@code address} is refused unless private destinations are allowed. */
  public static boolean isRestricted(InetAddress address) {
    return restriction(address).isPresent();
  }

  private static Optional<String> restriction4(byte[] ip) {
    int a = ip[0] & 0xff;
    int b = ip[1] & 0xff;
    int c = ip[2] & 0xff;
    String why = null;
    if (a == 0) {
      why = "in 0.0.0.0/8 (this network)";
    } else if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
      why = "private (RFC 1918)";
    } else if (a == 100 && (b & 0xc0) == 64) {
      why = "carrier-grade NAT (100.64.0.0/10)";
    } else if (a == 127) {
      why = "loopback";
    } else if (a == 169 && b == 254) {
      why = "link-local";
    } else if (a == 192 && b == 0 && c == 0) {
      why = "in 192.0.0.0/24 (IETF protocol assignments)";
    } else if (a == 198 && (b & 0xfe) == 18) {
      why = "in 198.18.0.0/15 (benchmarking)";
    } else if (a >= 224 && a <= 239) {
      why = "multicast";
    } else if (a >= 240) {
      why = a == 255 && b == 255 && c == 255 && (ip[3] & 0xff) == 255 ? "broadcast" : "reserved";
    }
    return Optional.ofNullable(why);
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isFfff(byte[] b, int at) {
    return (b[at] & 0xff) == 0xff && (b[at + 1] & 0xff) == 0xff;
  }
}
