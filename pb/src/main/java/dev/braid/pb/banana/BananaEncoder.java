package dev.braid.pb.banana;

import dev.braid.bytes.ByteString;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes Banana expressions, as Twisted does: integers in [-2^31, 2^31) as INT or NEG, larger ones
 * as LONGINT or LONGNEG, floats as 8 big-endian bytes, and, in the {@code pb} dialect, each string
 * that is a {@link Vocabulary} word as its one VOCAB token. Stateless; any thread.
 *
 * <p>What Twisted refuses to send is refused here with {@link IllegalArgumentException}: an integer
 * whose prefix would pass 64 bytes, a string or a list of more than 640 KiB items.
 */
public final class BananaEncoder {
  private static final BigInteger SMALLEST_INT = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger LARGEST_INT = BigInteger.valueOf(Integer.MAX_VALUE);

  private final BananaLimits limits;
  private final BigInteger largestLong;

  /** An encoder refusing what is beyond {@code limits}' prefix and string lengths. */
  public BananaEncoder(BananaLimits limits) {
    this.limits = limits;
    this.largestLong =
        BigInteger.ONE.shiftLeft(7 * limits.maxPrefixLength()).subtract(BigInteger.ONE);
  }

  /** An encoder with the default limits (Twisted's). */
  public BananaEncoder() {
    this(BananaLimits.defaults());
  }

  /** The bytes of {@code item}; with {@code vocabulary}, words are sent as VOCAB tokens. */
  public ByteBuffer encode(BananaItem item, boolean vocabulary) {
    Out out = new Out();
    write(item, vocabulary, out);
    return ByteBuffer.wrap(out.bytes, 0, out.size);
  }

  /** Same as {@link #encode}, as an immutable byte string. */
  public ByteString encodeToBytes(BananaItem item, boolean vocabulary) {
    Out out = new Out();
    write(item, vocabulary, out);
    return ByteString.of(out.bytes, 0, out.size);
  }

  private void write(BananaItem item, boolean vocabulary, Out out) {
    switch (item) {
      case BananaItem.Items(var items) -> {
        if (items.size() > limits.maxStringLength()) {
          throw new IllegalArgumentException(
              "a list of " + items.size() + " items is too long to send");
        }
        prefix(items.size(), out);
        out.put(BananaParser.LIST);
        for (BananaItem each : items) {
          write(each, vocabulary, out);
        }
      }
      case BananaItem.Int(var value) -> {
        BigInteger magnitude = value.abs();
        if (magnitude.compareTo(largestLong) > 0) {
          throw new IllegalArgumentException("an integer too large to send: " + value);
        }
        int type;
        if (value.signum() < 0) {
          type = value.compareTo(SMALLEST_INT) < 0 ? BananaParser.LONGNEG : BananaParser.NEG;
        } else {
          type = value.compareTo(LARGEST_INT) > 0 ? BananaParser.LONGINT : BananaParser.INT;
        }
        if (magnitude.bitLength() < 63) {
          prefix(magnitude.longValue(), out);
        } else {
          prefix(magnitude, out);
        }
        out.put(type);
      }
      case BananaItem.Real(double value) -> {
        out.put(BananaParser.FLOAT);
        long bits = Double.doubleToRawLongBits(value);
        for (int shift = 56; shift >= 0; shift -= 8) {
          out.put((int) (bits >>> shift) & 0xFF);
        }
      }
      case BananaItem.Bytes(var value) -> {
        int word = vocabulary ? Vocabulary.number(value) : 0;
        if (word != 0) {
          prefix(word, out);
          out.put(BananaParser.VOCAB);
          return;
        }
        if (value.size() > limits.maxStringLength()) {
          throw new IllegalArgumentException(
              "a string of " + value.size() + " bytes is too long to send");
        }
        prefix(value.size(), out);
        out.put(BananaParser.STRING);
        out.put(value);
      }
    }
  }

  private static void prefix(long n, Out out) {
    if (n == 0) {
      out.put(0);
      return;
    }
    while (n != 0) {
      out.put((int) (n & 0x7F));
      n >>>= 7;
    }
  }

  private static void prefix(BigInteger n, Out out) {
    BigInteger rest = n;
    BigInteger mask = BigInteger.valueOf(0x7F);
    while (rest.signum() != 0) {
      out.put(rest.and(mask).intValue());
      rest = rest.shiftRight(7);
    }
  }

  private static final class Out {
    byte[] bytes = new byte[64];
    int size;

    void put(int b) {
      if (size == bytes.length) {
        bytes = Arrays.copyOf(bytes, size * 2);
      }
      bytes[size++] = (byte) b;
    }

    void put(ByteString s) {
      if (size + s.size() > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(size * 2, size + s.size()));
      }
      s.writeTo(ByteBuffer.wrap(bytes, size, s.size()));
      size += s.size();
    }
  }
}
