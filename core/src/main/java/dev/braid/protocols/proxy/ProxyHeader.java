package dev.braid.protocols.proxy;

import dev.braid.bytes.ByteString;
import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one PROXY protocol header says: the client's (source) and the proxy's (destination)
 * addresses as the proxy saw them. Immutable. {@link ProxyHeaderParser} makes them; {@link
 * #encodeV1()} and {@link #encodeV2()} write them, so {@code parse(h.encodeVn())} gives back {@code
 * h}.
 *
 * <p>The addresses are present exactly when {@link #command()} is {@link Command#PROXY} and {@link
 * #family()} is one of the IP families; otherwise (a v1 {@code UNKNOWN}, a v2 {@code LOCAL} health
 * check, a v2 UNIX-socket header) the receiver keeps the socket's own addresses.
 *
 * @param version 1 (text) or 2 (binary)
 * @param command {@link Command#PROXY} for a relayed connection, {@link Command#LOCAL} for one the
 *     proxy made itself (v2 only)
 * @param family the address family and transport
 * @param source the client's address, if the header carries one
 * @param destination the address the client connected to, if the header carries one
 * @param tlvs the v2 type-length-value fields in order (always empty for v1)
 */
public record ProxyHeader(
    int version,
    Command command,
    Family family,
    Optional<InetSocketAddress> source,
    Optional<InetSocketAddress> destination,
    List<Tlv> tlvs) {

  /** The 12 bytes every v2 header starts with. */
  static final byte[] V2_SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  /** What the proxy did. */
  public enum Command {
    /** The proxy made the connection itself (a health check); use the socket's addresses. */
    LOCAL,
    /** The proxy relays a client's connection; the addresses are the client's. */
    PROXY
  }

  /** The address family and transport of the relayed connection. */
  public enum Family {
    /** Unknown or unsupported (v1 {@code UNKNOWN}): no addresses. */
    UNSPEC(0x00, 0),
    /** TCP over IPv4. */
    TCP4(0x11, 12),
    /** UDP over IPv4 (v2 only). */
    UDP4(0x12, 12),
    /** TCP over IPv6. */
    TCP6(0x21, 36),
    /** UDP over IPv6 (v2 only). */
    UDP6(0x22, 36),
    /** A UNIX stream socket (v2 only); the paths are not reported. */
    UNIX_STREAM(0x31, 216),
    /** A UNIX datagram socket (v2 only); the paths are not reported. */
    UNIX_DGRAM(0x32, 216);

    final int code;
    final int addressBytes;

    Family(int code, int addressBytes) {
      this.code = code;
      this.addressBytes = addressBytes;
    }

    boolean ip() {
      return this == TCP4 || this == UDP4 || this == TCP6 || this == UDP6;
    }

    boolean ipv4() {
      return this == TCP4 || this == UDP4;
    }

    static Optional<Family> ofCode(int code) {
      for (Family f : values()) {
        if (f.code == code) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }
  }

  /** Checks that the parts fit together; throws {@link IllegalArgumentException} when not. */
  public ProxyHeader {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    tlvs = List.copyOf(tlvs);
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("version must be 1 or 2, got " + version);
    }
    boolean addresses = command == Command.PROXY && family.ip();
    if (addresses != source.isPresent() || addresses != destination.isPresent()) {
      throw new IllegalArgumentException(
          "source and destination must be given exactly for PROXY with an IP family, got "
              + command
              + " "
              + family);
    }
    if (addresses) {
      for (InetSocketAddress a : List.of(source.get(), destination.get())) {
        if (a.isUnresolved()) {
          throw new IllegalArgumentException("address must be resolved: " + a);
        }
        if (family.ipv4() && !(a.getAddress() instanceof Inet4Address)) {
          throw new IllegalArgumentException(family + " needs IPv4 addresses, got " + a);
        }
        if (!family.ipv4() && !(a.getAddress() instanceof Inet6Address)) {
          throw new IllegalArgumentException(family + " needs IPv6 addresses, got " + a);
        }
        if (a.getAddress() instanceof Inet6Address v6 && v6.getScopeId() != 0) {
          throw new IllegalArgumentException("a scoped IPv6 address cannot be sent: " + a);
        }
      }
    }
    if (version == 1) {
      if (command != Command.PROXY) {
        throw new IllegalArgumentException("v1 has no LOCAL command");
      }
      if (family != Family.UNSPEC && family != Family.TCP4 && family != Family.TCP6) {
        throw new IllegalArgumentException("v1 carries TCP4, TCP6 or UNKNOWN only, got " + family);
      }
      if (!tlvs.isEmpty()) {
        throw new IllegalArgumentException("v1 has no TLVs");
      }
    }
  }

  /** A v1 header for a TCP connection from {@code source} to {@code destination} (same family). */
  public static ProxyHeader v1(InetSocketAddress source, InetSocketAddress destination) {
    Family family = source.getAddress() instanceof Inet4Address ? Family.TCP4 : Family.TCP6;
    return new ProxyHeader(
        1, Command.PROXY, family, Optional.of(source), Optional.of(destination), List.of());
  }

  /** A v2 PROXY header for a TCP connection from {@code source} to {@code destination}. */
  public static ProxyHeader v2(
      InetSocketAddress source, InetSocketAddress destination, List<Tlv> tlvs) {
    Family family = source.getAddress() instanceof Inet4Address ? Family.TCP4 : Family.TCP6;
    return new ProxyHeader(
        2, Command.PROXY, family, Optional.of(source), Optional.of(destination), tlvs);
  }

  /** The v2 LOCAL header a proxy sends for its own health checks. */
  public static ProxyHeader v2Local() {
    return new ProxyHeader(
        2, Command.LOCAL, Family.UNSPEC, Optional.empty(), Optional.empty(), List.of());
  }

  /** The v1 {@code PROXY UNKNOWN} header. */
  public static ProxyHeader v1Unknown() {
    return new ProxyHeader(
        1, Command.PROXY, Family.UNSPEC, Optional.empty(), Optional.empty(), List.of());
  }

  /** The first TLV of {@code type}, if any. */
  public Optional<Tlv> tlv(int type) {
    return tlvs.stream().filter(t -> t.type() == type).findFirst();
  }

  /** This header in the version it names ({@link #encodeV1()} or {@link #encodeV2()}). */
  public ByteString encode() {
    return version == 1 ? encodeV1() : encodeV2();
  }

  /**
   * This header as a v1 text line ({@code PROXY TCP4 1.2.3.4 5.6.7.8 1000 80\r\n}); requires {@link
   * #version()} 1.
   */
  public ByteString encodeV1() {
    if (version != 1) {
      throw new IllegalStateException("not a v1 header");
    }
    String line =
        switch (family) {
          case TCP4, TCP6 -> {
            InetSocketAddress s = source.orElseThrow();
            InetSocketAddress d = destination.orElseThrow();
            yield "PROXY "
                + (family == Family.TCP4 ? "TCP4 " : "TCP6 ")
                + text(s.getAddress())
                + " "
                + text(d.getAddress())
                + " "
                + s.getPort()
                + " "
                + d.getPort();
          }
          default -> "PROXY UNKNOWN";
        };
    return ByteString.ascii(line + "\r\n");
  }

  /** This header as v2 binary; requires {@link #version()} 2. */
  public ByteString encodeV2() {
    if (version != 2) {
      throw new IllegalStateException("not a v2 header");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(V2_SIGNATURE);
    out.write(0x20 | (command == Command.PROXY ? 1 : 0));
    out.write(family.code);
    int length = family.addressBytes;
    for (Tlv t : tlvs) {
      length += 3 + t.value().size();
    }
    if (length > 65_535) {
      throw new IllegalStateException("v2 header body longer than 65535 bytes: " + length);
    }
    out.write(length >> 8);
    out.write(length & 0xFF);
    if (source.isPresent()) {
      InetSocketAddress s = source.get();
      InetSocketAddress d = destination.orElseThrow();
      out.writeBytes(s.getAddress().getAddress());
      out.writeBytes(d.getAddress().getAddress());
      out.write(s.getPort() >> 8);
      out.write(s.getPort() & 0xFF);
      out.write(d.getPort() >> 8);
      out.write(d.getPort() & 0xFF);
    } else {
      out.writeBytes(new byte[family.addressBytes]);
    }
    for (Tlv t : tlvs) {
      out.write(t.type());
      out.write(t.value().size() >> 8);
      out.write(t.value().size() & 0xFF);
      out.writeBytes(t.value().toByteArray());
    }
    return ByteString.wrapOwned(out.toByteArray());
  }

  private static String text(InetAddress address) {
    return address.getHostAddress();
  }
}
