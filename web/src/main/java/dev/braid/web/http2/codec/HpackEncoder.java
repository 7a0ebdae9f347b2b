package dev.braid.web.http2.codec;

import dev.braid.bytes.ByteString;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes header lists into HPACK field blocks (RFC 7541). One per connection, used for every field
 * block this endpoint sends, in order: the blocks share the peer's dynamic table.
 *
 * <p>A field already in a table is sent as its index; any other field is sent as a literal added to
 * the dynamic table (naming an indexed name when there is one), except a field marked {@link
 * HeaderField#neverIndexed()}, which is always a never-indexed literal, and a field larger than the
 * whole table, which is a literal without indexing. Strings are Huffman-coded when that is shorter
 * and Huffman is on.
 *
 * <p>The table this encoder uses is the smaller of its own cap and the peer's
 * SETTINGS_HEADER_TABLE_SIZE ({@link #setPeerMaxTableSize}); a change is announced by a table-size
 * update at the start of the next block. Not thread-safe: the connection's thread uses it.
 */
public final class HpackEncoder {
  /** The table size every HPACK decoder starts with. */
  public static final int INITIAL_TABLE_SIZE = 4096;

  private final HpackTable table;
  private final int cap;
  private final boolean huffman;
  private int smallestPending = -1;
  private int pending = -1;
  private byte[] out = new byte[256];
  private int at;

  /**
   * An encoder that keeps at most {@code cap} octets of table (however large a table the peer
   * allows), Huffman-coding strings when {@code huffman} is true and that is shorter.
   */
  public HpackEncoder(int cap, boolean huffman) {
    if (cap < 0) {
      throw new IllegalArgumentException("table cap must be at least 0, got " + cap);
    }
    this.cap = cap;
    this.huffman = huffman;
    this.table = new HpackTable(INITIAL_TABLE_SIZE);
    if (cap < INITIAL_TABLE_SIZE) {
      table.setMaxSize(cap);
      smallestPending = cap;
      pending = cap;
    }
  }

  /** An encoder with a 4096-octet table and Huffman coding. */
  public HpackEncoder() {
    this(INITIAL_TABLE_SIZE, true);
  }

  /**
   * Takes the peer's new SETTINGS_HEADER_TABLE_SIZE (an unsigned 32-bit value); the table used is
   * the smaller of it and the cap, announced at the start of the next block.
   */
  public void setPeerMaxTableSize(long value) {
    int size = (int) Math.min(value, cap);
    if (size == table.maxSize() && pending < 0) {
      return;
    }
    smallestPending = smallestPending < 0 ? size : Math.min(smallestPending, size);
    pending = size;
    table.setMaxSize(size);
  }

  /** Encodes one header list into one field block. */
  public ByteString encode(List<HeaderField> fields) {
    at = 0;
    if (pending >= 0) {
      if (smallestPending < pending) {
        integer(0x20, 5, smallestPending);
      }
      integer(0x20, 5, pending);
      pending = -1;
      smallestPending = -1;
    }
    for (HeaderField field : fields) {
      encode(field);
    }
    return ByteString.of(out, 0, at);
  }

  private void encode(HeaderField field) {
    int found = table.find(field.name(), field.value());
    if (found > 0 && !field.neverIndexed()) {
      integer(0x80, 7, found);
      return;
    }
    int nameIndex = Math.abs(found);
    if (field.neverIndexed()) {
      integer(0x10, 4, nameIndex);
    } else if (field.size() > table.maxSize()) {
      integer(0x00, 4, nameIndex);
    } else {
      integer(0x40, 6, nameIndex);
      table.add(field);
    }
    if (nameIndex == 0) {
      string(field.name());
    }
    string(field.value());
  }

  private void integer(int pattern, int prefix, int value) {
    room(6);
    int mask = (1 << prefix) - 1;
    if (value < mask) {
      out[at++] = (byte) (pattern | value);
      return;
    }
    out[at++] = (byte) (pattern | mask);
    value -= mask;
    while (value >= 0x80) {
      out[at++] = (byte) ((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out[at++] = (byte) value;
  }

  private void string(String text) {
    int coded = huffman ? Huffman.encodedLength(text) : Integer.MAX_VALUE;
    if (coded < text.length()) {
      integer(0x80, 7, coded);
      room(coded);
      at = Huffman.encode(text, out, at);
    } else {
      integer(0x00, 7, text.length());
      room(text.length());
      for (int i = 0; i < text.length(); i++) {
        out[at++] = (byte) text.charAt(i);
      }
    }
  }

  private void room(int more) {
    if (out.length - at < more) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, at + more));
    }
  }
}
