package dev.braid.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long to wait before retry number {@code n}: {@code initialDelay * factor^(n-1)}, capped at
 * {@code maxDelay}, then multiplied by a random number in {@code [1 - jitter, 1 + jitter)} and
 * capped again. The jitter keeps many clients that lost the same server from coming back in step.
 * {@link #defaults()} are Twisted's: 1 s, factor e, jitter 0.1196, at most an hour, so retries come
 * after about 1 s, 2.7 s, 7.4 s, 20 s, 55 s, ...
 *
 * @param initialDelay the delay before the first retry (positive)
 * @param maxDelay the largest delay (at least {@code initialDelay})
 * @param factor how much each delay grows over the one before (at least 1)
 * @param jitter the spread, in {@code [0, 1)}; 0 turns it off
 */
public record Backoff(Duration initialDelay, Duration maxDelay, double factor, double jitter) {
  /** Twisted's default jitter. */
  public static final double DEFAULT_JITTER = 0.11962656472;

  public Backoff {
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException(
          "max delay " + maxDelay + " is shorter than the initial delay " + initialDelay);
    }
    if (!(factor >= 1)) {
      throw new IllegalArgumentException("factor must be at least 1, got " + factor);
    }
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
  }

  /** 1 s, factor e, jitter 0.1196, at most 3600 s. */
  public static Backoff defaults() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(3600), Math.E, DEFAULT_JITTER);
  }

  /**
   * The delay before retry number {@code attempt} (1-based), drawing the jitter from {@code
   * random}.
   */
  public Duration delay(int attempt, RandomGenerator random) {
    double max = maxDelay.toNanos();
    double nominal = Math.min(initialDelay.toNanos() * Math.pow(factor, attempt - 1), max);
    double spread = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofNanos((long) Math.min(nominal * spread, max));
  }
}
