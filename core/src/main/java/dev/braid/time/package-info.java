/**
 * Time, the bottom layer of the engine: {@link dev.braid.time.ReactorTime} is a clock and a
 * scheduler ({@code callLater} gives a {@link dev.braid.time.DelayedCall}), and {@link
 * dev.braid.time.Timeout} is one idle, handshake or lifetime deadline on such a clock (Twisted's
 * {@code TimeoutMixin}).
 *
 * <p>Every {@code Reactor} is a {@code ReactorTime}, and so is the testing kit's {@code FakeClock}:
 * code that takes a {@code ReactorTime} (a Deferred's {@code addTimeout}, a protocol's idle timer,
 * a reconnecting factory's backoff) runs on a real reactor in production and on a clock moved by
 * hand in tests. This package depends on nothing else of Braid, so Deferreds, protocols and the
 * reactor can all use it.
 */
package dev.braid.time;
