package dev.braid.pb.banana;

import dev.braid.bytes.ByteString;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;

/**
 * One Banana expression: an integer, a float, a byte string or a list of expressions. Immutable
 * values; any thread. A vocabulary word arrives as the {@link Bytes} it stands for.
 */
public sealed interface BananaItem
    permits BananaItem.Int, BananaItem.Real, BananaItem.Bytes, BananaItem.Items {

  /** An integer of any size (Banana's INT, NEG, LONGINT and LONGNEG tokens). */
  record Int(BigInteger value) implements BananaItem {
    /** Checks that the value is not null. */
    public Int {
      Objects.requireNonNull(value, "value");
    }

    /** The integer {@code value}. */
    public static Int of(long value) {
      return new Int(BigInteger.valueOf(value));
    }
  }

  /** A float: an IEEE 754 double, NaN and the infinities included. */
  record Real(double value) implements BananaItem {
    /** Compares the bits, so a NaN equals a NaN. */
    @Override
    public boolean equals(Object o) {
      return o instanceof Real r
          && Double.doubleToLongBits(r.value) == Double.doubleToLongBits(value);
    }

    @Override
    public int hashCode() {
      return Double.hashCode(value);
    }
  }

  /** A byte string (Banana's STRING token, or a vocabulary word). */
  record Bytes(ByteString value) implements BananaItem {
    /** Checks that the value is not null. */
    public Bytes {
      Objects.requireNonNull(value, "value");
    }

    /** The ASCII (or UTF-8) bytes of {@code text}. */
    public static Bytes of(String text) {
      return new Bytes(ByteString.utf8(text));
    }
  }

  /** A list of expressions. */
  record Items(List<BananaItem> items) implements BananaItem {
    /** Copies the list. */
    public Items {
      items = List.copyOf(items);
    }

    /** A list of {@code items}. */
    public static Items of(BananaItem... items) {
      return new Items(List.of(items));
    }
  }
}
