package dev.braid.web.http2.codec;

import java.util.HashMap;
import java.util.Map;

/**
 * HPACK's static table (RFC 7541 Appendix A, indexes 1 to 61) and its dynamic table (section
 * 2.3.2): the newest entry has index 62, the size is the sum of the entries' {@link
 * HeaderField#size()}, and adding an entry evicts the oldest until it fits (an entry larger than
 * the whole table empties it and is not added). One per decoder or encoder; not thread-safe.
 */
final class HpackTable {
  private static final String[][] STATIC = {
    {":authority", ""},
    {":method", "GET"},
    {":method", "POST"},
    {":path", "/"},
    {":path", "/index.html"},
    {":scheme", "http"},
    {":scheme", "https"},
    {":status", "200"},
    {":status", "204"},
    {":status", "206"},
    {":status", "304"},
    {":status", "400"},
    {":status", "404"},
    {":status", "500"},
    {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"},
    {"accept-language", ""},
    {"accept-ranges", ""},
    {"accept", ""},
    {"access-control-allow-origin", ""},
    {"age", ""},
    {"allow", ""},
    {"authorization", ""},
    {"cache-control", ""},
    {"content-disposition", ""},
    {"content-encoding", ""},
    {"content-language", ""},
    {"content-length", ""},
    {"content-location", ""},
    {"content-range", ""},
    {"content-type", ""},
    {"cookie", ""},
    {"date", ""},
    {"etag", ""},
    {"expect", ""},
    {"expires", ""},
    {"from", ""},
    {"host", ""},
    {"if-match", ""},
    {"if-modified-since", ""},
    {"if-none-match", ""},
    {"if-range", ""},
    {"if-unmodified-since", ""},
    {"last-modified", ""},
    {"link", ""},
    {"location", ""},
    {"max-forwards", ""},
    {"proxy-authenticate", ""},
    {"proxy-authorization", ""},
    {"range", ""},
    {"referer", ""},
    {"refresh", ""},
    {"retry-after", ""},
    {"server", ""},
    {"set-cookie", ""},
    {"strict-transport-security", ""},
    {"transfer-encoding", ""},
    {"user-agent", ""},
    {"vary", ""},
    {"via", ""},
    {"www-authenticate", ""},
  };

  /** The number of static entries. */
  static final int STATIC_SIZE = STATIC.length;

  private static final HeaderField[] STATIC_FIELDS = new HeaderField[STATIC_SIZE + 1];

  /** Each static field to its first index. */
  private static final Map<HeaderField, Integer> STATIC_FIELD_INDEX = new HashMap<>();

  /** Each static name to its first index. */
  private static final Map<String, Integer> STATIC_NAME_INDEX = new HashMap<>();

  static {
    for (int i = STATIC_SIZE; i >= 1; i--) {
      String name = STATIC[i - 1][0];
      String value = STATIC[i - 1][1];
      STATIC_FIELDS[i] = new HeaderField(name, value);
      STATIC_NAME_INDEX.put(name, i);
      STATIC_FIELD_INDEX.put(STATIC_FIELDS[i], i);
    }
  }

  private HeaderField[] entries = new HeaderField[16];
  private int head; // the slot of the newest entry
  private int count;
  private int size;
  private int maxSize;

  HpackTable(int maxSize) {
    this.maxSize = maxSize;
  }

  /** The entry at HPACK index {@code index} (1-based, static then dynamic), or null if none. */
  HeaderField get(int index) {
    if (index >= 1 && index <= STATIC_SIZE) {
      return STATIC_FIELDS[index];
    }
    int dynamic = index - STATIC_SIZE - 1;
    if (dynamic < 0 || dynamic >= count) {
      return null;
    }
    return entries[Math.floorMod(head - dynamic, entries.length)];
  }

  /** The number of dynamic entries. */
  int count() {
    return count;
  }

  /** The dynamic table's size, as HPACK counts it. */
  int size() {
    return size;
  }

  /** The dynamic table's maximum size. */
  int maxSize() {
    return maxSize;
  }

  /** Changes the maximum size, evicting the oldest entries until the table fits. */
  void setMaxSize(int value) {
    maxSize = value;
    evictTo(value);
  }

  /** Adds {@code field} as the newest entry, evicting as RFC 7541 section 4.4 says. */
  void add(HeaderField field) {
    int fieldSize = field.size();
    if (fieldSize > maxSize) {
      evictTo(0);
      return;
    }
    evictTo(maxSize - fieldSize);
    if (count == entries.length) {
      HeaderField[] grown = new HeaderField[entries.length * 2];
      for (int i = 0; i < count; i++) {
        grown[count - 1 - i] = entries[Math.floorMod(head - i, entries.length)];
      }
      entries = grown;
      head = count - 1;
    }
    head = (head + 1) % entries.length;
    entries[head] = field;
    count++;
    size += fieldSize;
  }

  private void evictTo(int target) {
    while (size > target) {
      int oldest = Math.floorMod(head - count + 1, entries.length);
      size -= entries[oldest].size();
      entries[oldest] = null;
      count--;
    }
  }

  /**
   * The index of an entry with {@code name} and {@code value} (positive), or of one with {@code
   * name} only (negative), or 0 if there is none: static entries first, then dynamic ones.
   */
  int find(String name, String value) {
    Integer both = STATIC_FIELD_INDEX.get(new HeaderField(name, value));
    if (both != null) {
      return both;
    }
    int nameOnly = 0;
    for (int i = 0; i < count; i++) {
      HeaderField entry = entries[Math.floorMod(head - i, entries.length)];
      if (entry.name().equals(name)) {
        if (entry.value().equals(value)) {
          return STATIC_SIZE + 1 + i;
        }
        if (nameOnly == 0) {
          nameOnly = STATIC_SIZE + 1 + i;
        }
      }
    }
    Integer staticName = STATIC_NAME_INDEX.get(name);
    if (staticName != null) {
      return -staticName;
    }
    return -nameOnly;
  }
}
