package dev.braid.protocols.proxy;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.StreamParser;
import dev.braid.protocols.proxy.ProxyHeader.Command;
import dev.braid.protocols.proxy.ProxyHeader.Family;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses one PROXY protocol header, version 1 or 2 (told apart by the first byte), from bytes fed
 * in pieces of any size. Pure: no I/O, no threads, no clock; one instance per connection, used by
 * one thread at a time.
 *
 * <p>{@link #feed} takes from the buffer only the header's bytes and leaves the position just after
 * the header, so whatever follows (the client's first bytes) stays in the buffer for the caller.
 * The parser copies what it needs; the caller keeps its buffer.
 *
 * <p>Strict: anything that is not exactly a header (bad signature, unknown version, command or
 * family, lengths that do not add up, a v1 line without CRLF or longer than 107 bytes, ports out of
 * range, addresses with leading zeros or other junk, a v2 header longer than the limit) is a {@link
 * ProxyProtocolException}, thrown as soon as the bytes show it.
 */
public final class ProxyHeaderParser implements StreamParser<ProxyHeader> {
  /** The longest v1 header the specification allows, CRLF included. */
  public static final int V1_MAX_LENGTH = 107;

  /** The default limit of a whole v2 header (16 fixed bytes, addresses and TLVs): 4 KiB. */
  public static final int DEFAULT_MAX_V2_LENGTH = 4096;

  private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
  private static final int V2_FIXED = 16;

  /** What {@link #feed} found. */
  public sealed interface Result {}

  /**
   * A whole header.
   *
   * @param header the header
   * @param consumed how many bytes the header took, over every {@link #feed} call
   */
  public record Parsed(ProxyHeader header, int consumed) implements Result {}

  /** The header is not complete yet: feed more bytes. */
  public record NeedMoreInput() implements Result {}

  private static final NeedMoreInput NEED_MORE = new NeedMoreInput();

  private final int maxV2Length;
  private byte[] buffer = new byte[V2_FIXED];
  private int size;
  private Parsed done;

  /** A parser that accepts v2 headers up to {@link #DEFAULT_MAX_V2_LENGTH} bytes. */
  public ProxyHeaderParser() {
    this(DEFAULT_MAX_V2_LENGTH);
  }

  /**
   * A parser that accepts v2 headers up to {@code maxV2Length} bytes in all (at least 16 + 216, so
   * that every family fits; at most 16 + 65,535).
   */
  public ProxyHeaderParser(int maxV2Length) {
    if (maxV2Length < V2_FIXED + 216 || maxV2Length > V2_FIXED + 65_535) {
      throw new IllegalArgumentException("maxV2Length must be 232..65551, got " + maxV2Length);
    }
    this.maxV2Length = maxV2Length;
  }

  /**
   * Parses one whole header at the start of {@code data} (which the caller keeps and the parser
   * does not change), with the default limit.
   */
  public static Result parse(ByteString data) throws ProxyProtocolException {
    return new ProxyHeaderParser().feed(data.asByteBuffer());
  }

  /**
   * Takes header bytes from {@code data} (advancing its position past them, and no further) and
   * returns the header once it is complete. After a header has been returned, further calls return
   * it again and take nothing. Throws as soon as the bytes cannot be a valid header; the parser is
   * then useless.
   */
  public Result feed(ByteBuffer data) throws ProxyProtocolException {
    while (done == null && data.hasRemaining()) {
      if (size == 0 || isV1()) {
        append(data.get());
        if (isV1()) {
          checkV1Byte();
        } else {
          checkV2Byte();
        }
      } else if (size < V2_FIXED) {
        append(data.get());
        checkV2Byte();
      } else {
        int total = V2_FIXED + (((buffer[14] & 0xFF) << 8) | (buffer[15] & 0xFF));
        int n = Math.min(total - size, data.remaining());
        ensure(total);
        data.get(buffer, size, n);
        size += n;
        if (size == total) {
          done = new Parsed(parseV2(), size);
        }
      }
    }
    return done != null ? done : NEED_MORE;
  }

  /**
   * The parser contract's form of {@link #feed}: takes header bytes from {@code data} (and no
   * further) and returns the header once it is complete. The header is the stream's only message:
   * after it, this returns empty and takes nothing, and the rest of the stream is the
   * application's.
   */
  @Override
  public Optional<ProxyHeader> next(ByteBuffer data) throws ProxyProtocolException {
    if (done != null) {
      return Optional.empty();
    }
    return feed(data) instanceof Parsed parsed ? Optional.of(parsed.header()) : Optional.empty();
  }

  /** The bytes of an unfinished header held (0 once the header is complete). */
  @Override
  public int bufferedBytes() {
    return done != null ? 0 : size;
  }

  private boolean isV1() {
    return buffer[0] == 'P';
  }

  private void append(byte b) {
    ensure(size + 1);
    buffer[size++] = b;
  }

  private void ensure(int capacity) {
    if (buffer.length < capacity) {
      buffer = Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
    }
  }

  // ------------------------------------------------------------------------------------ v1

  private void checkV1Byte() throws ProxyProtocolException {
    int i = size - 1;
    byte b = buffer[i];
    if (i < V1_PREFIX.length) {
      if (b != V1_PREFIX[i]) {
        throw new ProxyProtocolException("v1: the line must start with \"PROXY \"");
      }
      return;
    }
    if (b == '\n') {
      if (buffer[i - 1] != '\r') {
        throw new ProxyProtocolException("v1: the line must end with CRLF, not a bare LF");
      }
      done = new Parsed(parseV1(new String(buffer, 0, i - 1, StandardCharsets.US_ASCII)), size);
      return;
    }
    if (buffer[i - 1] == '\r') {
      throw new ProxyProtocolException("v1: CR not followed by LF");
    }
    if (size >= V1_MAX_LENGTH) {
      throw new ProxyProtocolException(
          "v1: no CRLF within " + V1_MAX_LENGTH + " bytes (header too long)");
    }
    if (b != '\r' && (b < 0x20 || b > 0x7E)) {
      throw new ProxyProtocolException("v1: byte 0x" + Integer.toHexString(b & 0xFF) + " in line");
    }
  }

  private static ProxyHeader parseV1(String line) throws ProxyProtocolException {
    String rest = line.substring(V1_PREFIX.length);
    if (rest.equals("UNKNOWN") || rest.startsWith("UNKNOWN ")) {
      return ProxyHeader.v1Unknown();
    }
    String[] parts = rest.split(" ", -1);
    if (parts.length != 5) {
      throw new ProxyProtocolException(
          "v1: expected \"TCP4|TCP6 SRC DST SPORT DPORT\" separated by single spaces, got \""
              + rest
              + "\"");
    }
    Family family =
        switch (parts[0]) {
          case "TCP4" -> Family.TCP4;
          case "TCP6" -> Family.TCP6;
          default -> throw new ProxyProtocolException("v1: unknown protocol \"" + parts[0] + "\"");
        };
    InetAddress src = v1Address(family, "source", parts[1]);
    InetAddress dst = v1Address(family, "destination", parts[2]);
    int sport = v1Port("source", parts[3]);
    int dport = v1Port("destination", parts[4]);
    return new ProxyHeader(
        1,
        Command.PROXY,
        family,
        Optional.of(new InetSocketAddress(src, sport)),
        Optional.of(new InetSocketAddress(dst, dport)),
        List.of());
  }

  private static InetAddress v1Address(Family family, String what, String text)
      throws ProxyProtocolException {
    if (family == Family.TCP4) {
      String[] octets = text.split("\\.", -1);
      if (octets.length != 4) {
        throw new ProxyProtocolException(
            "v1: " + what + " \"" + text + "\" is not an IPv4 address");
      }
      byte[] bytes = new byte[4];
      for (int i = 0; i < 4; i++) {
        int v = decimal(octets[i], 3);
        if (v < 0 || v > 255) {
          throw new ProxyProtocolException(
              "v1: "
                  + what
                  + " \""
                  + text
                  + "\" is not an IPv4 address (octet \""
                  + octets[i]
                  + "\")");
        }
        bytes[i] = (byte) v;
      }
      return byAddress(bytes);
    }
    if (text.isEmpty()
        || !text.chars().allMatch(c -> c == ':' || c == '.' || hex(c))
        || text.indexOf(':') < 0) {
      throw new ProxyProtocolException("v1: " + what + " \"" + text + "\" is not an IPv6 address");
    }
    InetAddress a;
    try {
      a = InetAddress.ofLiteral(text);
    } catch (IllegalArgumentException e) {
      throw new ProxyProtocolException("v1: " + what + " \"" + text + "\" is not an IPv6 address");
    }
    return a instanceof Inet6Address ? a : mapped((Inet4Address) a);
  }

  private static boolean hex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static int v1Port(String what, String text) throws ProxyProtocolException {
    int port = decimal(text, 5);
    if (port < 0 || port > 65_535) {
      throw new ProxyProtocolException(
          "v1: " + what + " port \"" + text + "\" is not a number from 0 to 65535");
    }
    return port;
  }

  /** The value of 1..maxDigits decimal digits without leading zeros, or -1. */
  private static int decimal(String text, int maxDigits) {
    if (text.isEmpty()
        || text.length() > maxDigits
        || (text.length() > 1 && text.charAt(0) == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  // ------------------------------------------------------------------------------------ v2

  private void checkV2Byte() throws ProxyProtocolException {
    int i = size - 1;
    int b = buffer[i] & 0xFF;
    if (i < ProxyHeader.V2_SIGNATURE.length) {
      if (b != ProxyHeader.V2_SIGNATURE[i]) {
        throw new ProxyProtocolException(
            i == 0
                ? "not a PROXY protocol header (first byte 0x" + Integer.toHexString(b) + ")"
                : "v2: bad signature at byte " + i);
      }
    } else if (i == 12) {
      if ((b >> 4) != 2) {
        throw new ProxyProtocolException("v2: unsupported version " + (b >> 4));
      }
      if ((b & 0x0F) > 1) {
        throw new ProxyProtocolException("v2: unknown command " + (b & 0x0F));
      }
    } else if (i == 13) {
      if (Family.ofCode(b).isEmpty()) {
        throw new ProxyProtocolException("v2: unknown address family 0x" + Integer.toHexString(b));
      }
    } else if (i == 15) {
      int total = V2_FIXED + (((buffer[14] & 0xFF) << 8) | b);
      if (total > maxV2Length) {
        throw new ProxyProtocolException(
            "v2: header of " + total + " bytes is over the limit of " + maxV2Length);
      }
      Family family = Family.ofCode(buffer[13] & 0xFF).orElseThrow();
      if (total - V2_FIXED < family.addressBytes) {
        throw new ProxyProtocolException(
            "v2: length "
                + (total - V2_FIXED)
                + " is too short for the "
                + family
                + " addresses ("
                + family.addressBytes
                + " bytes)");
      }
      if (total == V2_FIXED) {
        done = new Parsed(parseV2(), size);
      }
    }
  }

  private ProxyHeader parseV2() throws ProxyProtocolException {
    Command command = (buffer[12] & 0x0F) == 1 ? Command.PROXY : Command.LOCAL;
    Family family = Family.ofCode(buffer[13] & 0xFF).orElseThrow();
    ByteBuffer body = ByteBuffer.wrap(buffer, V2_FIXED, size - V2_FIXED);
    Optional<InetSocketAddress> source = Optional.empty();
    Optional<InetSocketAddress> destination = Optional.empty();
    if (command == Command.PROXY && family.ip()) {
      int n = family.ipv4() ? 4 : 16;
      byte[] src = new byte[n];
      byte[] dst = new byte[n];
      body.get(src).get(dst);
      int sport = body.getShort() & 0xFFFF;
      int dport = body.getShort() & 0xFFFF;
      source = Optional.of(new InetSocketAddress(ipAddress(src), sport));
      destination = Optional.of(new InetSocketAddress(ipAddress(dst), dport));
    } else {
      body.position(body.position() + family.addressBytes);
    }
    List<Tlv> tlvs = new ArrayList<>();
    while (body.hasRemaining()) {
      if (body.remaining() < 3) {
        throw new ProxyProtocolException(
            "v2: " + body.remaining() + " stray bytes where a TLV (at least 3 bytes) should be");
      }
      int type = body.get() & 0xFF;
      int length = body.getShort() & 0xFFFF;
      if (length > body.remaining()) {
        throw new ProxyProtocolException(
            "v2: TLV 0x"
                + Integer.toHexString(type)
                + " says "
                + length
                + " bytes but only "
                + body.remaining()
                + " are left in the header");
      }
      byte[] value = new byte[length];
      body.get(value);
      tlvs.add(new Tlv(type, ByteString.wrapOwned(value)));
    }
    return new ProxyHeader(2, command, family, source, destination, tlvs);
  }

  private static InetAddress ipAddress(byte[] bytes) {
    if (bytes.length == 4) {
      return byAddress(bytes);
    }
    try {
      return Inet6Address.getByAddress(null, bytes, -1);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static InetAddress mapped(Inet4Address v4) {
    byte[] b = new byte[16];
    b[10] = (byte) 0xFF;
    b[11] = (byte) 0xFF;
    System.arraycopy(v4.getAddress(), 0, b, 12, 4);
    return ipAddress(b);
  }

  private static InetAddress byAddress(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
