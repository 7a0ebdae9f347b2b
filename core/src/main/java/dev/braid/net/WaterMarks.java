package dev.braid.net;

/**
 * The high- and low-water marks of a write buffer, for producer flow control: a push producer is
 * paused when the bytes buffered go above {@code high} and resumed when they drain to {@code low}
 * or below. Every Braid transport starts from {@link #DEFAULTS} and validates changes here.
 *
 * @param low resume at or below this many buffered bytes ({@code 0 <= low <= high})
 * @param high pause above this many buffered bytes
 */
public record WaterMarks(int low, int high) {
  /** The default high-water mark: 64 KiB. */
  public static final int DEFAULT_HIGH = 64 * 1024;

  /** The default low-water mark: 32 KiB. */
  public static final int DEFAULT_LOW = 32 * 1024;

  /** 32 KiB low, 64 KiB high. */
  public static final WaterMarks DEFAULTS = new WaterMarks(DEFAULT_LOW, DEFAULT_HIGH);

  public WaterMarks {
    if (low < 0 || low > high) {
      throw new IllegalArgumentException(
          "water marks need 0 <= low <= high, got low=" + low + " high=" + high);
    }
  }
}
