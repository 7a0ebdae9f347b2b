package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Splits a byte stream into strings each preceded by its length as a big-endian unsigned integer of
 * 1, 2 or 4 bytes, and encodes such strings. Pure: no I/O, no threads; {@link Int8StringReceiver},
 * {@link Int16StringReceiver} and {@link Int32StringReceiver} wire it to a transport.
 *
 * <pre>{@code
 * var parser = new PrefixedStringParser(2, 4096);
 * parser.feed(data, string -> handle(string));
 * transport.write(PrefixedStringParser.encode(2, reply));
 * }</pre>
 *
 * <p><b>Buffers.</b> The buffer passed to {@link #feed} or {@link #next} is lent: the parser reads
 * it (advancing its position) and never keeps it. A string that lies wholly inside one buffer is
 * copied once, into its {@link ByteString}; a string split over several buffers is copied into an
 * array of its announced size (at most the limit), allocated when its prefix is complete.
 *
 * <p><b>Limit.</b> A prefix announcing more than {@code maxLength} bytes throws {@link
 * LengthLimitExceededException} as soon as the prefix is complete. The parser then skips that many
 * bytes: feeding it more (starting with the rest of the same buffer) goes on with the string after
 * the over-long one.
 *
 * <p>Not thread-safe: one connection's thread (the reactor thread) uses it.
 */
public final class PrefixedStringParser implements StreamParser<ByteString> {
  /** The default limit on a string's length, as Twisted's: 99,999 bytes. */
  public static final int DEFAULT_MAX_LENGTH = 99_999;

  private final int prefixSize;
  private final int maxLength;

  private int prefixRead;
  private long announced;
  private byte[] body;
  private int bodyRead;
  private long skipping;

  /**
   * A parser of strings with a {@code prefixSize}-byte length prefix, of at most {@code maxLength}
   * bytes.
   *
   * @throws IllegalArgumentException if {@code prefixSize} is not 1, 2 or 4, or {@code maxLength}
   *     is negative or more than the prefix can express
   */
  public PrefixedStringParser(int prefixSize, int maxLength) {
    long encodable = maxEncodableLength(prefixSize);
    if (maxLength < 0 || maxLength > encodable) {
      throw new IllegalArgumentException(
          "maxLength must be between 0 and "
              + encodable
              + " for a "
              + prefixSize
              + "-byte prefix, got "
              + maxLength);
    }
    this.prefixSize = prefixSize;
    this.maxLength = maxLength;
  }

  /**
   * The largest length a {@code prefixSize}-byte prefix can express: 255, 65,535 or 4,294,967,295.
   *
   * @throws IllegalArgumentException if {@code prefixSize} is not 1, 2 or 4
   */
  public static long maxEncodableLength(int prefixSize) {
    return switch (prefixSize) {
      case 1, 2, 4 -> (1L << (8 * prefixSize)) - 1;
      default ->
          throw new IllegalArgumentException("prefix size must be 1, 2 or 4, got " + prefixSize);
    };
  }

  /** The size of the length prefix, in bytes. */
  public int prefixSize() {
    return prefixSize;
  }

  /** The longest string accepted, in bytes. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Consumes all of {@code data}, calling {@code sink} once per complete string, in order.
   *
   * @throws LengthLimitExceededException when a prefix announces more than the limit; {@code
   *     data}'s position is then just after that prefix, and calling {@code feed} again with it
   *     skips the over-long string and goes on
   */
  @Override
  public void feed(ByteBuffer data, Consumer<? super ByteString> sink)
      throws LengthLimitExceededException {
    ByteString string;
    while ((string = nextOrNull(data)) != null) {
      sink.accept(string);
    }
  }

  /**
   * Consumes {@code data} up to the end of the next complete string and returns it; or, when {@code
   * data} completes no string, consumes all of it and returns empty.
   *
   * @throws LengthLimitExceededException as for {@link #feed}
   */
  @Override
  public Optional<ByteString> next(ByteBuffer data) throws LengthLimitExceededException {
    return Optional.ofNullable(nextOrNull(data));
  }

  /**
   * The number of bytes of an unfinished string read so far, its length prefix included; together
   * with the strings returned, they account for every byte fed.
   */
  @Override
  public int bufferedBytes() {
    return body == null ? prefixRead : prefixSize + bodyRead;
  }

  /**
   * The length prefix for a string of {@code length} bytes, as a buffer ready to write.
   *
   * @throws IllegalArgumentException if the length does not fit the prefix
   */
  public static ByteBuffer encodePrefix(int prefixSize, long length) {
    long encodable = maxEncodableLength(prefixSize);
    if (length < 0 || length > encodable) {
      throw new IllegalArgumentException(
          "a string of "
              + length
              + " bytes does not fit a "
              + prefixSize
              + "-byte length prefix (at most "
              + encodable
              + ")");
    }
    ByteBuffer prefix = ByteBuffer.allocate(prefixSize);
    for (int shift = 8 * (prefixSize - 1); shift >= 0; shift -= 8) {
      prefix.put((byte) (length >>> shift));
    }
    return prefix.flip();
  }

  /**
   * {@code payload} with its length prefix, in one buffer ready to write.
   *
   * @throws IllegalArgumentException if the payload is too long for the prefix
   */
  public static ByteBuffer encode(int prefixSize, ByteString payload) {
    ByteBuffer prefix = encodePrefix(prefixSize, payload.size());
    ByteBuffer out = ByteBuffer.allocate(prefixSize + payload.size());
    out.put(prefix);
    payload.writeTo(out);
    return out.flip();
  }

  private ByteString nextOrNull(ByteBuffer data) throws LengthLimitExceededException {
    if (skipping > 0) {
      int n = (int) Math.min(skipping, data.remaining());
      data.position(data.position() + n);
      skipping -= n;
      if (skipping > 0) {
        return null;
      }
    }
    if (body == null) {
      while (prefixRead < prefixSize) {
        if (!data.hasRemaining()) {
          return null;
        }
        announced = (announced << 8) | (data.get() & 0xff);
        prefixRead++;
      }
      long length = announced;
      prefixRead = 0;
      announced = 0;
      if (length > maxLength) {
        skipping = length;
        throw new LengthLimitExceededException(length, maxLength);
      }
      int size = (int) length;
      if (data.remaining() >= size) {
        byte[] whole = new byte[size];
        data.get(whole);
        return ByteString.wrapOwned(whole);
      }
      body = new byte[size];
      bodyRead = 0;
    }
    int n = Math.min(body.length - bodyRead, data.remaining());
    data.get(body, bodyRead, n);
    bodyRead += n;
    if (bodyRead < body.length) {
      return null;
    }
    byte[] done = body;
    body = null;
    bodyRead = 0;
    return ByteString.wrapOwned(done);
  }
}
