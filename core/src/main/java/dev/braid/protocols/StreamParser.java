package dev.braid.protocols;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one contract of Braid's sans-IO parsers (lines, netstrings, length prefixes, PROXY headers,
 * SOCKS, AMP boxes, HTTP/1 messages): bytes in, complete messages out, no I/O, no threads, no
 * clock.
 *
 * <ul>
 *   <li><b>Lent buffers.</b> The caller passes a buffer it owns for the duration of the call (in a
 *       protocol, the buffer lent to {@code dataReceived}); the parser reads it, advancing its
 *       position, and never keeps it. What a message must keep is copied into the message.
 *   <li><b>Pull, so the caller can stop.</b> {@link #next} consumes up to the end of one message
 *       and returns it, or consumes everything and returns empty when no message is complete yet.
 *       The caller stops between two messages whenever it needs to (to pause, to switch protocols)
 *       and keeps what is left of its buffer. {@link #feed} is the loop for callers that never
 *       stop.
 *   <li><b>Held bytes are visible.</b> {@link #bufferedBytes()} says how much of an unfinished
 *       message the parser holds, and never grows past the protocol's limit.
 *   <li><b>Limits</b> are one record (or constructor argument) per protocol, with defaults.
 *   <li><b>Bad input</b> throws a {@link BadInputException} subclass (no stack trace; the
 *       protocol's error reply, where it has one). After it, the parser yields no further message
 *       from the stream unless its own documentation says it can skip the bad part (a line parser
 *       can skip an over-long line).
 * </ul>
 *
 * <p>Not thread-safe: one connection's thread uses a parser. The testing kit's parser feeder runs a
 * parser's tests on the same input whole, byte by byte and at every split point.
 *
 * @param <M> the message type: a record, or a sealed interface of records
 */
public interface StreamParser<M> {
  /**
   * Consumes {@code data} up to the end of the next complete message and returns it; or, when
   * {@code data} completes no message, consumes all of it (holding the partial message) and returns
   * empty.
   *
   * @throws BadInputException when the input breaks the protocol or a limit
   */
  Optional<M> next(ByteBuffer data) throws BadInputException;

  /** The number of bytes of an unfinished message the parser holds. */
  int bufferedBytes();

  /**
   * Consumes all of {@code data}, giving {@code sink} each complete message in order.
   *
   * @throws BadInputException as {@link #next} does; {@code data}'s position is then after the
   *     bytes consumed
   */
  default void feed(ByteBuffer data, Consumer<? super M> sink) throws BadInputException {
    Optional<M> message;
    while ((message = next(data)).isPresent()) {
      sink.accept(message.get());
    }
  }
}
