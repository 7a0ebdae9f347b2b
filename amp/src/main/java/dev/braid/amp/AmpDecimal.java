package dev.braid.amp;

import java.math.BigDecimal;

/**
 * A value of AMP's {@code Decimal} type (Python's {@code decimal.Decimal}): a finite {@link
 * BigDecimal}, an infinity or a not-a-number. Python's negative zero ({@code "-0"}) decodes as a
 * finite zero: {@code BigDecimal} has no sign on zero.
 */
public sealed interface AmpDecimal {
  /** A finite value, written as Python writes it ({@code BigDecimal#toString} agrees). */
  record Finite(BigDecimal value) implements AmpDecimal {}

  /** Positive or negative infinity: {@code "Infinity"} or {@code "-Infinity"} on the wire. */
  record Infinity(boolean negative) implements AmpDecimal {}

  /**
   * A not-a-number: quiet ({@code "NaN"}) or signalling ({@code "sNaN"}), either with a sign. A
   * diagnostic payload (Python's {@code "NaN123"}) is kept as its digits, empty when there is none.
   */
  record NaN(boolean negative, boolean signalling, String payload) implements AmpDecimal {
    /** Checks that the payload is digits only. */
    public NaN {
      if (!payload.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("a NaN payload is digits only, not " + payload);
      }
    }
  }

  /** A finite decimal. */
  static AmpDecimal of(BigDecimal value) {
    return new Finite(value);
  }
}
