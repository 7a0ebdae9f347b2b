package dev.braid.amp.internal;

import dev.braid.amp.AmpLimits;
import dev.braid.bytes.ByteString;

/**
 * Turns one Java value into the bytes of one AMP value and back, within the {@link AmpLimits} of a
 * connection. Implementations are immutable and thread-safe; they throw {@link
 * dev.braid.amp.AmpValueException} for bad input, or for a value beyond the limits.
 */
public interface ValueCodec<T> {
  /** The wire form of {@code value}. */
  ByteString encode(T value, AmpLimits limits);

  /** The value {@code wire} stands for. */
  T decode(ByteString wire, AmpLimits limits);

  /** The wire form of {@code value}, within {@link AmpLimits#DEFAULTS}. */
  default ByteString encode(T value) {
    return encode(value, AmpLimits.DEFAULTS);
  }

  /** The value {@code wire} stands for, within {@link AmpLimits#DEFAULTS}. */
  default T decode(ByteString wire) {
    return decode(wire, AmpLimits.DEFAULTS);
  }

  /** The AMP type name, for messages and docs ({@code "Integer"}, {@code "ListOf(Unicode)"}). */
  String ampType();
}
