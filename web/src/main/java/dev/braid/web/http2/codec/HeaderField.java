package dev.braid.web.http2.codec;

import java.util.Objects;

/**
 * One header field of an HPACK field block. The name and the value are octet strings held as
 * ISO-8859-1 text, one {@code char} per octet (0 to 255), so nothing is lost whatever the peer
 * sent; checking that a name is lowercase or a value has no forbidden octets is the HTTP layer's
 * job, not HPACK's.
 *
 * @param name the field name (pseudo-headers start with {@code ':'})
 * @param value the field value
 * @param neverIndexed true if the field must never be put in a compression table, by this hop or
 *     any later one (RFC 7541 section 7.1.3): the encoder writes it as a never-indexed literal, and
 *     the decoder reports fields that arrived so
 */
public record HeaderField(String name, String value, boolean neverIndexed) {
  /** The overhead RFC 7541 section 4.1 adds to each entry's size. */
  public static final int ENTRY_OVERHEAD = 32;

  /** Checks that neither part is null and every char is an octet. */
  public HeaderField {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    requireOctets(name, "name");
    requireOctets(value, "value");
  }

  /** A field that may be indexed. */
  public HeaderField(String name, String value) {
    this(name, value, false);
  }

  /** The field's size as HPACK counts it: the octets of the name and value plus 32. */
  public int size() {
    return name.length() + value.length() + ENTRY_OVERHEAD;
  }

  private static void requireOctets(String text, String what) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0xff) {
        throw new IllegalArgumentException(
            "header " + what + " has a char above 0xff at " + i + ": encode it to octets first");
      }
    }
  }
}
