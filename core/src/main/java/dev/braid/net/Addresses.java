package dev.braid.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Socket addresses written as people write them, for log lines and messages: {@code 0.0.0.0:8000},
 * {@code [::]:8000}, {@code [2001:db8::1]:443}, a UNIX socket as its path; not Java's {@code
 * /0:0:0:0:0:0:0:0:8000}.
 */
public final class Addresses {
  private Addresses() {}

  /**
   * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}, which a
   * dual-stack socket reports for an IPv4 peer), or {@code ip} itself.
   */
  public static InetAddress unmapped(InetAddress ip) {
    byte[] a = ip.getAddress();
    if (a.length != 16 || a[10] != (byte) 0xff || a[11] != (byte) 0xff) {
      return ip;
    }
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return ip;
      }
    }
    return InetAddress.ofLiteral(
        (a[12] & 0xff) + "." + (a[13] & 0xff) + "." + (a[14] & 0xff) + "." + (a[15] & 0xff));
  }

  /**
   * {@code address} as people write it: {@code HOST:PORT} with an IPv6 host in brackets and in its
   * short form (RFC 5952), the path of a UNIX socket, or {@code toString()} for anything else.
   */
  public static String display(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String host = inet.getAddress() == null ? inet.getHostString() : host(inet.getAddress());
      return host + ":" + inet.getPort();
    }
    if (address instanceof UnixDomainSocketAddress unix) {
      return unix.getPath().toString();
    }
    return String.valueOf(address);
  }

  /**
   * The literal of {@code ip} as it goes in a URL or before {@code :PORT}: dotted IPv4, or IPv6 in
   * brackets in its short form (RFC 5952: lower case, the longest run of zero groups as {@code
   * ::}).
   */
  public static String host(InetAddress ip) {
    return ip instanceof Inet6Address ? "[" + ipv6(ip.getAddress()) + "]" : ip.getHostAddress();
  }

  private static String ipv6(byte[] bytes) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        b.append("::");
        i += bestLength - 1;
        continue;
      }
      if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
        b.append(':');
      }
      b.append(Integer.toHexString(groups[i]));
    }
    return b.toString();
  }
}
