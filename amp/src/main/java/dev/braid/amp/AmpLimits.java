package dev.braid.amp;

/**
 * Limits on what a peer may send in one box; input beyond them closes the connection. The key and
 * value lengths are fixed by the protocol ({@link AmpBox#MAX_KEY_LENGTH}, {@link
 * AmpBox#MAX_VALUE_LENGTH}).
 *
 * @param maxKeysPerBox the most keys one box may have
 * @param maxBoxBytes the most bytes one box may take on the wire, lengths and terminator included
 */
public record AmpLimits(int maxKeysPerBox, int maxBoxBytes) {
  /** The default limits: 1024 keys and 4 MiB per box. */
  public static final AmpLimits DEFAULTS = new AmpLimits(1024, 4 * 1024 * 1024);

  /** Checks that both limits are positive. */
  public AmpLimits {
    if (maxKeysPerBox < 1 || maxBoxBytes < 2) {
      throw new IllegalArgumentException(
          "AmpLimits need maxKeysPerBox >= 1 and maxBoxBytes >= 2, not "
              + maxKeysPerBox
              + " and "
              + maxBoxBytes);
    }
  }

  /** These limits with another key count. */
  public AmpLimits withMaxKeysPerBox(int maxKeys) {
    return new AmpLimits(maxKeys, maxBoxBytes);
  }

  /** These limits with another box size. */
  public AmpLimits withMaxBoxBytes(int maxBytes) {
    return new AmpLimits(maxKeysPerBox, maxBytes);
  }
}
