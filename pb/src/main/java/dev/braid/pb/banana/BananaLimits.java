package dev.braid.pb.banana;

/**
 * Limits on what a peer may send in one Banana expression; input beyond them closes the connection.
 *
 * @param maxPrefixLength the most bytes of a token's base-128 prefix (Twisted's prefix limit, 64 by
 *     default, so integers up to 448 bits): a longer prefix is refused before it is read on
 * @param maxStringLength the most bytes of one string, and the most items of one list (Twisted's
 *     {@code SIZE_LIMIT}, 640 KiB)
 * @param maxDepth the most lists nested in one another: Twisted has no such limit, but every level
 *     costs a frame when the expression is turned into values, so a deep one could exhaust a stack
 * @param maxExpressionBytes the most bytes one top-level expression may take on the wire
 * @param maxItems the most items (integers, floats, strings, lists) of one top-level expression:
 *     each costs memory well beyond the two bytes it may take on the wire
 */
public record BananaLimits(
    int maxPrefixLength, int maxStringLength, int maxDepth, int maxExpressionBytes, int maxItems) {
  /** Twisted's prefix limit: 64 bytes. */
  public static final int DEFAULT_MAX_PREFIX_LENGTH = 64;

  /** Twisted's size limit of strings and lists: 640 KiB. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 640 * 1024;

  /** The default most nested lists: 200. */
  public static final int DEFAULT_MAX_DEPTH = 200;

  /** The default most bytes of one expression: 16 MiB. */
  public static final int DEFAULT_MAX_EXPRESSION_BYTES = 16 * 1024 * 1024;

  /** The default most items of one expression: 1,000,000. */
  public static final int DEFAULT_MAX_ITEMS = 1_000_000;

  /** The default limits. */
  public static BananaLimits defaults() {
    return new BananaLimits(
        DEFAULT_MAX_PREFIX_LENGTH,
        DEFAULT_MAX_STRING_LENGTH,
        DEFAULT_MAX_DEPTH,
        DEFAULT_MAX_EXPRESSION_BYTES,
        DEFAULT_MAX_ITEMS);
  }

  /** Checks that every limit is positive. */
  public BananaLimits {
    if (maxPrefixLength < 1
        || maxStringLength < 0
        || maxDepth < 1
        || maxExpressionBytes < 1
        || maxItems < 1) {
      throw new IllegalArgumentException(
          "BananaLimits need a prefix length, depth, expression size and item count of at least 1"
              + " and a string length of at least 0, not "
              + maxPrefixLength
              + ", "
              + maxDepth
              + ", "
              + maxExpressionBytes
              + ", "
              + maxItems
              + " and "
              + maxStringLength);
    }
  }

  /** These limits with another most prefix length. */
  public BananaLimits withMaxPrefixLength(int bytes) {
    return new BananaLimits(bytes, maxStringLength, maxDepth, maxExpressionBytes, maxItems);
  }

  /** These limits with another most string (and list) length. */
  public BananaLimits withMaxStringLength(int bytes) {
    return new BananaLimits(maxPrefixLength, bytes, maxDepth, maxExpressionBytes, maxItems);
  }

  /** These limits with another most nesting depth. */
  public BananaLimits withMaxDepth(int depth) {
    return new BananaLimits(maxPrefixLength, maxStringLength, depth, maxExpressionBytes, maxItems);
  }

  /** These limits with another most expression size. */
  public BananaLimits withMaxExpressionBytes(int bytes) {
    return new BananaLimits(maxPrefixLength, maxStringLength, maxDepth, bytes, maxItems);
  }

  /** These limits with another most item count. */
  public BananaLimits withMaxItems(int items) {
    return new BananaLimits(maxPrefixLength, maxStringLength, maxDepth, maxExpressionBytes, items);
  }
}
