package dev.braid.web.http2.codec;

import dev.braid.bytes.ByteString;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK field blocks (RFC 7541) into header lists. One per connection, fed every field
 * block the peer sends, in order: the blocks share the dynamic table.
 *
 * <p>Limits: the dynamic table may not grow past the SETTINGS_HEADER_TABLE_SIZE this endpoint
 * advertised ({@link #setMaxTableSize}); a header list may not pass {@code maxHeaderListSize},
 * counted as HPACK counts it, and the decoder fails as soon as it passes, without building the rest
 * of the list (a small block of indexed references to one large entry cannot expand to megabytes).
 *
 * <p>Every error is a connection error (the compression context is lost with it), and after one the
 * decoder refuses every later block. Not thread-safe: the connection's thread uses it.
 */
public final class HpackDecoder {
  private final HpackTable table;
  private final int maxHeaderListSize;
  private int settingsTableSize;
  private boolean sizeUpdateRequired;
  private Http2Exception failed;

  /**
   * A decoder whose peer may use a dynamic table of up to {@code settingsTableSize} octets (this
   * endpoint's SETTINGS_HEADER_TABLE_SIZE; 4096 before any SETTINGS), and whose header lists may be
   * at most {@code maxHeaderListSize}.
   */
  public HpackDecoder(int settingsTableSize, int maxHeaderListSize) {
    if (settingsTableSize < 0 || maxHeaderListSize < 1) {
      throw new IllegalArgumentException(
          "table size must be at least 0 and header list size at least 1, got "
              + settingsTableSize
              + " and "
              + maxHeaderListSize);
    }
    this.table = new HpackTable(settingsTableSize);
    this.settingsTableSize = settingsTableSize;
    this.maxHeaderListSize = maxHeaderListSize;
  }

  /** A decoder with the limits' table size and header-list size. */
  public HpackDecoder(Http2Limits limits) {
    this(limits.headerTableSize(), limits.maxHeaderListSize());
  }

  /**
   * Sets the largest table the peer may use: call it when the peer acknowledges a SETTINGS frame
   * that changed SETTINGS_HEADER_TABLE_SIZE. When the new value is below the table's current
   * maximum, the next block must start with a table-size update (RFC 7541 section 4.2).
   */
  public void setMaxTableSize(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("table size must be at least 0, got " + value);
    }
    settingsTableSize = value;
    if (value < table.maxSize()) {
      sizeUpdateRequired = true;
    }
  }

  /** The dynamic table's current size as HPACK counts it (for tests and metrics). */
  public int tableSize() {
    return table.size();
  }

  /**
   * Decodes one complete field block.
   *
   * @throws Http2Exception COMPRESSION_ERROR for a block that breaks RFC 7541, ENHANCE_YOUR_CALM
   *     when the header list passes its limit; both are connection errors
   */
  public List<HeaderField> decode(ByteString block) throws Http2Exception {
    if (failed != null) {
      throw failed;
    }
    try {
      return decode(block.toByteArray());
    } catch (Http2Exception e) {
      failed = e;
      throw e;
    }
  }

  private List<HeaderField> decode(byte[] in) throws Http2Exception {
    List<HeaderField> fields = new ArrayList<>();
    Reader reader = new Reader(in);
    long listSize = 0;
    boolean atStart = true;
    while (reader.at < in.length) {
      int first = in[reader.at] & 0xff;
      if ((first & 0xe0) == 0x20) {
        if (!atStart) {
          throw compression("dynamic table size update after the first field of the block");
        }
        int size = reader.integer(5);
        if (size > settingsTableSize) {
          throw compression(
              "dynamic table size update to "
                  + size
                  + " is larger than SETTINGS_HEADER_TABLE_SIZE "
                  + settingsTableSize);
        }
        table.setMaxSize(size);
        sizeUpdateRequired = false;
        continue;
      }
      if (sizeUpdateRequired) {
        throw compression("the block does not start with the required dynamic table size update");
      }
      atStart = false;
      HeaderField field;
      if ((first & 0x80) != 0) {
        field = indexed(reader.integer(7));
      } else if ((first & 0xc0) == 0x40) {
        field = literal(reader, 6, false, listSize);
        table.add(field);
      } else {
        field = literal(reader, 4, (first & 0xf0) == 0x10, listSize);
      }
      listSize += field.size();
      if (listSize > maxHeaderListSize) {
        throw Http2Exception.connection(
            Http2Error.ENHANCE_YOUR_CALM,
            "header list is larger than the limit of " + maxHeaderListSize + " octets");
      }
      fields.add(field);
    }
    if (sizeUpdateRequired) {
      throw compression("the block does not start with the required dynamic table size update");
    }
    return fields;
  }

  private HeaderField indexed(int index) throws Http2Exception {
    if (index == 0) {
      throw compression("indexed field with index 0");
    }
    HeaderField field = table.get(index);
    if (field == null) {
      throw compression("index " + index + " is past the end of the table");
    }
    return field;
  }

  private HeaderField literal(Reader reader, int prefix, boolean neverIndexed, long listSize)
      throws Http2Exception {
    int nameIndex = reader.integer(prefix);
    long budget = maxHeaderListSize - listSize - HeaderField.ENTRY_OVERHEAD;
    String name = nameIndex == 0 ? reader.string(budget) : indexed(nameIndex).name();
    String value = reader.string(budget - name.length());
    return new HeaderField(name, value, neverIndexed);
  }

  private static Http2Exception compression(String message) {
    return Http2Exception.connection(Http2Error.COMPRESSION_ERROR, message);
  }

  /** Reads integers and string literals from one block. */
  private static final class Reader {
    private final byte[] in;
    private int at;

    Reader(byte[] in) {
      this.in = in;
    }

    /** An integer with an N-bit prefix (RFC 7541 section 5.1), at most 2^31-1. */
    int integer(int prefix) throws Http2Exception {
      int mask = (1 << prefix) - 1;
      int value = in[at++] & mask;
      if (value < mask) {
        return value;
      }
      long total = value;
      int shift = 0;
      while (true) {
        if (at == in.length) {
          throw compression("the block ends inside an integer");
        }
        if (shift > 28) {
          // five continuation octets carry 35 bits: more is an over-long encoding
          throw compression("integer larger than 2^31-1");
        }
        int octet = in[at++] & 0xff;
        total += (long) (octet & 0x7f) << shift;
        if (total > Integer.MAX_VALUE) {
          throw compression("integer larger than 2^31-1");
        }
        if ((octet & 0x80) == 0) {
          return (int) total;
        }
        shift += 7;
      }
    }

    /**
     * A string literal (section 5.2); fails early when its octets alone would pass {@code budget}
     * (a Huffman string decodes to at least as many octets as 8/30 of its length).
     */
    String string(long budget) throws Http2Exception {
      if (at == in.length) {
        throw compression("the block ends before a string literal");
      }
      boolean huffman = (in[at] & 0x80) != 0;
      int length = integer(7);
      if (length > in.length - at) {
        throw compression("string literal of " + length + " octets is longer than the block");
      }
      long least = huffman ? (long) length * 8 / 30 : length;
      if (least > budget) {
        throw Http2Exception.connection(
            Http2Error.ENHANCE_YOUR_CALM, "header list is larger than the limit");
      }
      String text =
          huffman
              ? Huffman.decode(in, at, length)
              : new String(in, at, length, java.nio.charset.StandardCharsets.ISO_8859_1);
      at += length;
      return text;
    }
  }
}
