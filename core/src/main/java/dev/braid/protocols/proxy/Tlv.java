package dev.braid.protocols.proxy;

import dev.braid.bytes.ByteString;
import java.util.Objects;

/**
 * One type-length-value field of a version 2 header (for example type {@link #ALPN} or {@link
 * #AUTHORITY}). Immutable.
 *
 * @param type the type, 0..255
 * @param value the value, at most 65,535 bytes
 */
public record Tlv(int type, ByteString value) {
  /** {@code PP2_TYPE_ALPN}: the application protocol the client negotiated. */
  public static final int ALPN = 0x01;

  /** {@code PP2_TYPE_AUTHORITY}: the host name the client asked for (TLS SNI). */
  public static final int AUTHORITY = 0x02;

  /** {@code PP2_TYPE_CRC32C}: a checksum of the header. */
  public static final int CRC32C = 0x03;

  /** {@code PP2_TYPE_NOOP}: padding, to be ignored. */
  public static final int NOOP = 0x04;

  /** {@code PP2_TYPE_UNIQUE_ID}: an opaque connection identifier. */
  public static final int UNIQUE_ID = 0x05;

  /** {@code PP2_TYPE_SSL}: details of the client's TLS connection (with sub-fields). */
  public static final int SSL = 0x20;

  /** {@code PP2_TYPE_NETNS}: the network namespace name. */
  public static final int NETNS = 0x30;

  /** Checks the ranges. */
  public Tlv {
    Objects.requireNonNull(value, "value");
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("TLV type must be 0..255, got " + type);
    }
    if (value.size() > 65_535) {
      throw new IllegalArgumentException("TLV value longer than 65535 bytes: " + value.size());
    }
  }
}
