package dev.braid.dns;

import dev.braid.net.Addresses;
import java.net.InetAddress;
import java.util.Objects;

/**
 * A block of IP addresses written as {@code ADDRESS/BITS} ({@code 192.0.2.0/24}, {@code
 * 2001:db8::/32}) or a single address ({@code 127.0.0.1}, {@code ::1}). An IPv4 block never
 * contains an IPv6 address and the other way round, except that an IPv4-mapped IPv6 address ({@code
 * ::ffff:192.0.2.1}, which a dual-stack socket reports for an IPv4 peer) counts as its IPv4
 * address.
 *
 * @param network the first address of the block (the bits past {@code bits} are zero)
 * @param bits how many leading bits a member shares with {@code network}
 */
public record AddressBlock(InetAddress network, int bits) {
  /** Checks the prefix length and that {@code network} has no bits set past it. */
  public AddressBlock {
    Objects.requireNonNull(network, "network");
    int max = network.getAddress().length * 8;
    if (bits < 0 || bits > max) {
      throw new IllegalArgumentException("a prefix length must be 0.." + max + ", not " + bits);
    }
    byte[] a = network.getAddress();
    for (int i = bits; i < max; i++) {
      if ((a[i / 8] & (0x80 >> (i % 8))) != 0) {
        throw new IllegalArgumentException(
            network.getHostAddress() + "/" + bits + " has host bits set past /" + bits);
      }
    }
  }

  /**
   * Parses {@code ADDRESS/BITS} or {@code ADDRESS}; names are not looked up.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static AddressBlock parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    InetAddress network;
    try {
      network = InetAddress.ofLiteral(address);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not an IP address or ADDRESS/BITS block: " + text + " (names are not allowed)", e);
    }
    int max = network.getAddress().length * 8;
    if (slash < 0) {
      return new AddressBlock(network, max);
    }
    int bits;
    try {
      bits = Integer.parseInt(text.substring(slash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a prefix length in " + text, e);
    }
    return new AddressBlock(network, bits);
  }

  /** Whether {@code address} is in this block. */
  public boolean contains(InetAddress address) {
    byte[] a = Addresses.unmapped(address).getAddress();
    byte[] n = network.getAddress();
    if (a.length != n.length) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >> (i % 8);
      if ((a[i / 8] & mask) != (n[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return network.getHostAddress() + "/" + bits;
  }
}
