package dev.braid.web;

import dev.braid.time.ReactorTime;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP dates (RFC 9110 IMF-fixdate): formatting, lenient parsing of the three allowed forms, and a
 * per-second cache of "now" for {@code Date} headers. The cache is refreshed when a second has
 * passed on the reactor clock (read once per turn of the loop, {@link ReactorTime#turnNanoTime()}),
 * so it needs no timer and no clock read per request. Formatting and parsing are pure (any thread);
 * {@link #now()} is for the reactor thread.
 */
public final class HttpDate {
  private static final DateTimeFormatter IMF =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

  private final ReactorTime time;
  private final InstantSource wallClock;
  private long cachedAtNanos = Long.MIN_VALUE;
  private String cached = "";
  private byte[] cachedLine;

  HttpDate(ReactorTime time, InstantSource wallClock) {
    this.time = time;
    this.wallClock = wallClock;
  }

  /** The current date, formatted at most once per second of reactor time. */
  String now() {
    long t = time.turnNanoTime();
    if (cachedAtNanos == Long.MIN_VALUE || t - cachedAtNanos >= 1_000_000_000L) {
      cached = format(wallClock.instant());
      cachedLine = HeadBytes.fieldLine("Date", cached);
      cachedAtNanos = t;
    }
    return cached;
  }

  /** {@code Date: <now>\r\n} as bytes, from the same per-second cache as {@link #now()}. */
  byte[] nowLine() {
    now();
    return cachedLine;
  }

  /** {@code instant} as an IMF-fixdate, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
  public static String format(Instant instant) {
    return IMF.format(instant);
  }

  /** Parses an HTTP date in any of its three forms; empty when it is none of them. */
  public static Optional<Instant> parse(String text) {
    String s = text.strip();
    for (DateTimeFormatter f : new DateTimeFormatter[] {IMF, RFC850, ASCTIME}) {
      try {
        return Optional.of(Instant.from(f.parse(s)));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }
}
