package dev.braid.socks.codec;

import dev.braid.bytes.ByteString;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Encodes what a SOCKS server sends. Pure functions; any thread. */
public final class SocksReplies {
  /** SOCKS5 method 0: no authentication. */
  public static final int METHOD_NO_AUTH = 0x00;

  /** SOCKS5 method 2: user name and password (RFC 1929). */
  public static final int METHOD_USER_PASS = 0x02;

  /** SOCKS5 method selection 0xFF: none of the offered methods is acceptable. */
  public static final int METHOD_NONE_ACCEPTABLE = 0xFF;

  private SocksReplies() {}

  /** The SOCKS5 method selection: {@code VER=5 METHOD}. */
  public static ByteString methodSelection(int method) {
    return ByteString.of((byte) 5, (byte) method);
  }

  /** The RFC 1929 status: {@code VER=1 STATUS}, 0 for success. */
  public static ByteString userPassStatus(boolean success) {
    return ByteString.of((byte) 1, (byte) (success ? 0 : 1));
  }

  /**
   * A SOCKS5 reply: {@code VER=5 REP RSV=0 ATYP BND.ADDR BND.PORT}, with {@code bound} the address
   * the proxy connected from (use 0.0.0.0:0 when there is none).
   */
  public static ByteString socks5(Socks5Reply reply, InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    if (address == null) {
      address = InetAddress.ofLiteral("0.0.0.0");
    }
    byte[] ip = address.getAddress();
    ByteBuffer out = ByteBuffer.allocate(6 + ip.length);
    out.put((byte) 5).put((byte) reply.code()).put((byte) 0);
    out.put((byte) (address instanceof Inet6Address ? 4 : 1)).put(ip);
    out.putShort((short) bound.getPort());
    return ByteString.of(out.array());
  }

  /** A SOCKS5 reply with the address 0.0.0.0:0, for failures. */
  public static ByteString socks5(Socks5Reply reply) {
    return socks5(reply, new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0));
  }

  /**
   * A SOCKS4 reply: {@code VN=0 CD DSTPORT DSTIP}; an IPv6 {@code bound} address is written as
   * 0.0.0.0 (SOCKS4 has no room for it).
   */
  public static ByteString socks4(Socks4Reply reply, InetSocketAddress bound) {
    byte[] ip =
        bound.getAddress() instanceof Inet4Address v4 ? v4.getAddress() : new byte[] {0, 0, 0, 0};
    ByteBuffer out = ByteBuffer.allocate(8);
    out.put((byte) 0).put((byte) reply.code()).putShort((short) bound.getPort()).put(ip);
    return ByteString.of(out.array());
  }

  /** A SOCKS4 reply with the address 0.0.0.0:0. */
  public static ByteString socks4(Socks4Reply reply) {
    return socks4(reply, new InetSocketAddress(InetAddress.ofLiteral("0.0.0.0"), 0));
  }
}
