package dev.braid.net.policies;

/**
 * A byte budget that refills at {@code rate} bytes per second up to one second's worth ({@code
 * rate} bytes), measured in whole bytes with the fraction of a byte carried exactly, so that with a
 * fake clock every wait is exact to the nanosecond. It may go negative: bytes already read cannot
 * be refused, so a read overdraws it and the reader waits until it is back at zero. Reactor thread
 * only.
 */
final class TokenBucket {
  private static final long NANOS = 1_000_000_000L;

  private final long rate;
  private long tokens;

  /** The fraction of a byte earned but not yet added, in units of 1/10^9 byte (< 10^9). */
  private long fraction;

  private long last;

  TokenBucket(long rate, long now) {
    if (rate <= 0) {
      throw new IllegalArgumentException("rate must be positive, got " + rate);
    }
    this.rate = rate;
    this.tokens = rate;
    this.last = now;
  }

  long rate() {
    return rate;
  }

  /** The bytes available at {@code now} (negative while overdrawn). */
  long available(long now) {
    refill(now);
    return tokens;
  }

  /** Spends {@code bytes} (may overdraw). */
  void take(long bytes, long now) {
    refill(now);
    tokens -= bytes;
  }

  /** Nanoseconds from {@code now} until at least {@code target} bytes are available (0 if now). */
  long nanosUntil(long target, long now) {
    refill(now);
    long want = Math.min(target, rate);
    long need = want - tokens;
    if (need <= 0) {
      return 0;
    }
    if (need > Long.MAX_VALUE / NANOS) {
      return (long) Math.ceil((double) need * NANOS / rate);
    }
    return Math.ceilDiv(need * NANOS - fraction, rate);
  }

  private void refill(long now) {
    long elapsed = now - last;
    if (elapsed <= 0) {
      return;
    }
    last = now;
    if (tokens >= rate) {
      fraction = 0;
      return;
    }
    long gained;
    if (elapsed > (Long.MAX_VALUE - NANOS) / rate) {
      gained = Long.MAX_VALUE / 2;
      fraction = 0;
    } else {
      long scaled = elapsed * rate + fraction;
      gained = scaled / NANOS;
      fraction = scaled % NANOS;
    }
    if (gained >= rate - tokens) {
      tokens = rate;
      fraction = 0;
    } else {
      tokens += gained;
    }
  }
}
