package dev.braid.amp.internal;

import dev.braid.bytes.ByteString;

/**
 * Turns one Java value into the bytes of one AMP value and back. Implementations are immutable and
 * thread-safe; they throw {@link dev.braid.amp.AmpValueException} for bad input.
 */
public interface ValueCodec<T> {
  /** The wire form of {@code value}. */
  ByteString encode(T value);

  /** The value {@code wire} stands for. */
  T decode(ByteString wire);

  /** The AMP type name, for messages and docs ({@code "Integer"}, {@code "ListOf(Unicode)"}). */
  String ampType();
}
