package dev.braid.amp;

import dev.braid.bytes.ByteString;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One AMP box: an ordered set of keys, each with a value, both raw bytes. On the wire each key and
 * each value is a 16-bit big-endian length followed by that many bytes; a key of length zero ends
 * the box. Keys are 1 to {@value #MAX_KEY_LENGTH} bytes, values up to {@value #MAX_VALUE_LENGTH}.
 *
 * <p>Immutable and thread-safe; build one with {@link #builder()}.
 */
public final class AmpBox {
  /** The longest key AMP allows, in bytes. */
  public static final int MAX_KEY_LENGTH = 255;

  /** The longest value AMP allows, in bytes. */
  public static final int MAX_VALUE_LENGTH = 65_535;

  private final Map<ByteString, ByteString> entries;

  private AmpBox(Map<ByteString, ByteString> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /** A builder of a new box. */
  public static Builder builder() {
    return new Builder();
  }

  /** The keys and values, in wire order (unmodifiable). */
  public Map<ByteString, ByteString> entries() {
    return entries;
  }

  /** The value of {@code key}, if the box has it. */
  public Optional<ByteString> get(ByteString key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** The value of {@code key} (encoded as UTF-8), if the box has it. */
  public Optional<ByteString> get(String key) {
    return get(ByteString.utf8(key));
  }

  /** True if the box has {@code key}. */
  public boolean has(String key) {
    return entries.containsKey(ByteString.utf8(key));
  }

  /** The number of keys. */
  public int size() {
    return entries.size();
  }

  /** The number of bytes {@link #encode()} produces. */
  public int encodedSize() {
    int size = 2;
    for (Map.Entry<ByteString, ByteString> e : entries.entrySet()) {
      size += 4 + e.getKey().size() + e.getValue().size();
    }
    return size;
  }

  /** The box in wire form, terminator included: a new heap buffer, ready to read. */
  public ByteBuffer encode() {
    ByteBuffer out = ByteBuffer.allocate(encodedSize());
    encodeTo(out);
    return out.flip();
  }

  /** Writes the box in wire form to {@code out}, which needs {@link #encodedSize()} bytes free. */
  public void encodeTo(ByteBuffer out) {
    for (Map.Entry<ByteString, ByteString> e : entries.entrySet()) {
      out.putShort((short) e.getKey().size());
      e.getKey().writeTo(out);
      out.putShort((short) e.getValue().size());
      e.getValue().writeTo(out);
    }
    out.putShort((short) 0);
  }

  /** The box in wire form, as a byte string. */
  public ByteString toByteString() {
    return ByteString.wrapOwned(encode().array());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AmpBox other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("AmpBox{");
    boolean first = true;
    for (Map.Entry<ByteString, ByteString> e : entries.entrySet()) {
      if (!first) {
        s.append(", ");
      }
      first = false;
      s.append(e.getKey().utf8()).append('=');
      ByteString v = e.getValue();
      s.append(
          v.size() > 64 ? v.substring(0, 64).utf8() + "...(" + v.size() + " bytes)" : v.utf8());
    }
    return s.append('}').toString();
  }

  /**
   * Builds an {@link AmpBox}. Each {@code put} checks the AMP limits and throws {@link
   * IllegalArgumentException} for an empty or too long key, a too long value or a repeated key. Not
   * thread-safe.
   */
  public static final class Builder {
    private final LinkedHashMap<ByteString, ByteString> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Adds {@code key} with {@code value}. */
    public Builder put(ByteString key, ByteString value) {
      if (key.isEmpty() || key.size() > MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(
            "an AMP key is 1 to 255 bytes, not " + key.size() + " (" + key + ")");
      }
      if (value.size() > MAX_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "the value of "
                + key.utf8()
                + " is "
                + value.size()
                + " bytes; AMP values are at most 65535 bytes");
      }
      if (entries.putIfAbsent(key, value) != null) {
        throw new IllegalArgumentException("the key " + key.utf8() + " is already in the box");
      }
      return this;
    }

    /** Adds {@code key} (UTF-8) with {@code value}. */
    public Builder put(String key, ByteString value) {
      return put(ByteString.utf8(key), value);
    }

    /** Adds {@code key} with {@code value}, both encoded as UTF-8. */
    public Builder put(String key, String value) {
      return put(ByteString.utf8(key), ByteString.utf8(value));
    }

    /** True if {@code key} was added. */
    public boolean contains(ByteString key) {
      return entries.containsKey(key);
    }

    /** The number of keys added so far. */
    public int size() {
      return entries.size();
    }

    /** The box. The builder may go on being used; later puts do not change this box. */
    public AmpBox build() {
      return new AmpBox(new LinkedHashMap<>(entries));
    }
  }
}
