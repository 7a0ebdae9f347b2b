package dev.braid.bytes;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable sequence of bytes with value semantics: two byte strings are equal when their bytes
 * are. Use it wherever a record or a map key holds bytes ({@code byte[]} compares by identity).
 *
 * <p>Instances are immutable and safe to share between threads. {@link #of(byte[])} and {@link
 * #copyOf(ByteBuffer)} copy their input; {@link #toByteArray()} returns a copy; {@link
 * #asByteBuffer()} returns a read-only view without copying.
 */
public final class ByteString implements Comparable<ByteString> {
  /** The byte string of length zero. */
  public static final ByteString EMPTY = new ByteString(new byte[0]);

  private final byte[] bytes;
  private int hash;

  private ByteString(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A byte string holding a copy of {@code bytes}. */
  public static ByteString of(byte... bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone());
  }

  /** A byte string holding a copy of {@code length} bytes of {@code bytes} from {@code offset}. */
  public static ByteString of(byte[] bytes, int offset, int length) {
    return length == 0 ? EMPTY : new ByteString(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * A byte string holding a copy of the remaining bytes of {@code buffer}. The buffer's position
   * advances to its limit.
   */
  public static ByteString copyOf(ByteBuffer buffer) {
    if (!buffer.hasRemaining()) {
      return EMPTY;
    }
    byte[] copy = new byte[buffer.remaining()];
    buffer.get(copy);
    return new ByteString(copy);
  }

  /** The UTF-8 encoding of {@code text}. */
  public static ByteString utf8(String text) {
    return encode(text, StandardCharsets.UTF_8);
  }

  /** The US-ASCII encoding of {@code text}; characters outside ASCII become {@code '?'}. */
  public static ByteString ascii(String text) {
    return encode(text, StandardCharsets.US_ASCII);
  }

  /** The encoding of {@code text} in {@code charset}. */
  public static ByteString encode(String text, Charset charset) {
    byte[] encoded = text.getBytes(charset);
    return encoded.length == 0 ? EMPTY : new ByteString(encoded);
  }

  /** Takes ownership of {@code bytes} without copying; the caller must not change it again. */
  public static ByteString wrapOwned(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes);
  }

  /** The number of bytes. */
  public int size() {
    return bytes.length;
  }

  /** True when {@link #size()} is zero. */
  public boolean isEmpty() {
    return bytes.length == 0;
  }

  /** The byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** The bytes from {@code from} (inclusive) to {@code to} (exclusive). */
  public ByteString substring(int from, int to) {
    if (from == 0 && to == bytes.length) {
      return this;
    }
    return of(bytes, from, to - from);
  }

  /** True when this byte string begins with {@code prefix}. */
  public boolean startsWith(ByteString prefix) {
    return prefix.size() <= size()
        && Arrays.equals(bytes, 0, prefix.size(), prefix.bytes, 0, prefix.size());
  }

  /** The index of the first occurrence of {@code b} at or after {@code from}, or -1. */
  public int indexOf(byte b, int from) {
    for (int i = Math.max(0, from); i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** A read-only buffer over the bytes, positioned at 0; no copy is made. */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** Writes the bytes into {@code target}, advancing its position. */
  public void writeTo(ByteBuffer target) {
    target.put(bytes);
  }

  /** This concatenated with {@code other}. */
  public ByteString concat(ByteString other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    byte[] joined = Arrays.copyOf(bytes, bytes.length + other.bytes.length);
    System.arraycopy(other.bytes, 0, joined, bytes.length, other.bytes.length);
    return new ByteString(joined);
  }

  /** The bytes decoded as UTF-8 (malformed input becomes U+FFFD). */
  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The bytes decoded in {@code charset}. */
  public String decode(Charset charset) {
    return new String(bytes, charset);
  }

  /** Lower-case hexadecimal, two digits a byte. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteString other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0 && bytes.length > 0) {
      h = Arrays.hashCode(bytes);
      hash = h;
    }
    return h;
  }

  @Override
  public int compareTo(ByteString other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  /**
   * A debugging form: printable ASCII as is, other bytes as {@code \xNN}, truncated after 64 bytes.
   */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("[size=").append(bytes.length).append(" ");
    int shown = Math.min(bytes.length, 64);
    for (int i = 0; i < shown; i++) {
      int b = bytes[i] & 0xff;
      if (b >= 0x20 && b < 0x7f && b != '\\') {
        out.append((char) b);
      } else {
        out.append(String.format("\\x%02x", b));
      }
    }
    if (shown < bytes.length) {
      out.append("…");
    }
    return out.append(']').toString();
  }
}
