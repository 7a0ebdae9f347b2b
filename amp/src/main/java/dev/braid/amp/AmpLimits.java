package dev.braid.amp;

/**
 * Limits on what a peer may send in one box; input beyond them closes the connection. The key and
 * value lengths are fixed by the protocol ({@link AmpBox#MAX_KEY_LENGTH}, {@link
 * AmpBox#MAX_VALUE_LENGTH}).
 *
 * @param maxKeysPerBox the most keys one box may have
 * @param maxBoxBytes the most bytes one box may take on the wire, lengths and terminator included
 * @param maxIntegerDigits the most decimal digits of one AMP {@code Integer}, either way: turning
 *     decimal digits into a number (and back) costs time that grows faster than the number of
 *     digits, so a peer sending huge integers could hold the reactor thread; the default is
 *     Python's own limit (4,300 digits), so nothing Twisted can send or read is refused
 */
public record AmpLimits(int maxKeysPerBox, int maxBoxBytes, int maxIntegerDigits) {
  /** The default most digits of an {@code Integer}: 4,300, as Python 3.11 and later. */
  public static final int DEFAULT_MAX_INTEGER_DIGITS = 4300;

  /** The default limits: 1024 keys and 4 MiB per box, 4,300 digits per Integer. */
  public static final AmpLimits DEFAULTS =
      new AmpLimits(1024, 4 * 1024 * 1024, DEFAULT_MAX_INTEGER_DIGITS);

  /** Checks that every limit is positive. */
  public AmpLimits {
    if (maxKeysPerBox < 1 || maxBoxBytes < 2 || maxIntegerDigits < 1) {
      throw new IllegalArgumentException(
          "AmpLimits need maxKeysPerBox >= 1, maxBoxBytes >= 2 and maxIntegerDigits >= 1, not "
              + maxKeysPerBox
              + ", "
              + maxBoxBytes
              + " and "
              + maxIntegerDigits);
    }
  }

  /** Limits on keys and box size, with the default {@link #DEFAULT_MAX_INTEGER_DIGITS}. */
  public AmpLimits(int maxKeysPerBox, int maxBoxBytes) {
    this(maxKeysPerBox, maxBoxBytes, DEFAULT_MAX_INTEGER_DIGITS);
  }

  /** These limits with another key count. */
  public AmpLimits withMaxKeysPerBox(int maxKeys) {
    return new AmpLimits(maxKeys, maxBoxBytes, maxIntegerDigits);
  }

  /** These limits with another box size. */
  public AmpLimits withMaxBoxBytes(int maxBytes) {
    return new AmpLimits(maxKeysPerBox, maxBytes, maxIntegerDigits);
  }

  /** These limits with another most number of digits per {@code Integer}. */
  public AmpLimits withMaxIntegerDigits(int maxDigits) {
    return new AmpLimits(maxKeysPerBox, maxBoxBytes, maxDigits);
  }
}
