package dev.braid.reactor.internal;

import java.time.Duration;

/**
 * How long a listening port stops accepting after {@code accept} failed, typically because the
 * process ran out of file descriptors ({@code EMFILE}): {@link #FIRST_PAUSE} after the first
 * failure, doubling with each failure in a row up to {@link #MAX_PAUSE}, back to the start once an
 * accept succeeds. The failures in a row make one episode, which the port logs once. Pure: no
 * clock, no I/O; reactor thread only.
 */
final class AcceptBackoff {
  /** The pause after the first failed accept of an episode. */
  static final Duration FIRST_PAUSE = Duration.ofMillis(50);

  /** The longest pause, reached after six failures in a row. */
  static final Duration MAX_PAUSE = Duration.ofSeconds(1);

  private final Duration first;
  private final Duration max;
  private int failures;

  /** Pauses of {@link #FIRST_PAUSE} doubling up to {@link #MAX_PAUSE}. */
  AcceptBackoff() {
    this(FIRST_PAUSE, MAX_PAUSE);
  }

  /** Pauses of {@code first} doubling up to {@code max} (tests choose pauses that never pass). */
  AcceptBackoff(Duration first, Duration max) {
    this.first = first;
    this.max = max;
  }

  /** Counts a failed accept and returns how long to stop accepting before the next try. */
  Duration failed() {
    failures++;
    Duration pause = first;
    for (int i = 1; i < failures && pause.compareTo(max) < 0; i++) {
      pause = pause.multipliedBy(2);
    }
    return pause.compareTo(max) < 0 ? pause : max;
  }

  /** The longest pause. */
  Duration maxPause() {
    return max;
  }

  /** True from a failed accept until the next one that succeeds. */
  boolean inEpisode() {
    return failures > 0;
  }

  /** Ends the episode (an accept succeeded) and returns how many accepts failed in it. */
  int succeeded() {
    int n = failures;
    failures = 0;
    return n;
  }
}
