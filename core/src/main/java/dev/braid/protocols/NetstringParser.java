package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.NetstringParseException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Splits a byte stream into netstrings ({@code 3:abc,} is the string "abc"), and encodes them.
 * Pure: no I/O, no threads; {@link NetstringReceiver} wires it to a transport.
 *
 * <p><b>Strict.</b> The length is ASCII digits without leading zeros ({@code 0:,} is the empty
 * string, {@code 01:a,} is an error), followed by {@code ':'}; the data is followed by {@code ','}.
 * Anything else throws {@link NetstringParseException} as soon as the offending byte is seen, and
 * so does a length above the limit (as soon as the digits pass it, so a peer cannot make the parser
 * read an endless length). A netstring stream cannot be resynchronised: after an error the parser
 * is spent, and feeding it again throws {@link IllegalStateException}.
 *
 * <p><b>Buffers.</b> The buffer passed to {@link #feed} or {@link #next} is lent: the parser reads
 * it (advancing its position) and never keeps it. Data that lies wholly inside one buffer is copied
 * once, into its {@link ByteString}; data split over several buffers is copied into an array of the
 * announced size (at most the limit), allocated when the length is complete.
 *
 * <p>Not thread-safe: one connection's thread (the reactor thread) uses it.
 */
public final class NetstringParser implements StreamParser<ByteString> {
  /** The default limit on the length of a netstring's data: 99,999 bytes, as Twisted's. */
  public static final int DEFAULT_MAX_LENGTH = 99_999;

  private enum State {
    LENGTH,
    DATA,
    COMMA
  }

  private final int maxLength;
  private State state = State.LENGTH;
  private int digits;
  private long length;
  private byte[] body;
  private int bodyRead;
  private ByteString ready;
  private NetstringParseException failure;

  /** A parser with the default limit, {@value #DEFAULT_MAX_LENGTH} bytes. */
  public NetstringParser() {
    this(DEFAULT_MAX_LENGTH);
  }

  /**
   * A parser of netstrings whose data is at most {@code maxLength} bytes.
   *
   * @throws IllegalArgumentException if {@code maxLength} is negative
   */
  public NetstringParser(int maxLength) {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** The longest data accepted, in bytes. */
  public int maxLength() {
    return maxLength;
  }

  /**
   * Consumes all of {@code data}, calling {@code sink} once per complete netstring's data, in
   * order.
   *
   * @throws NetstringParseException at the first byte that makes the input invalid; {@code data}'s
   *     position is then just after it, and the parser is spent
   * @throws IllegalStateException if the parser already threw {@link NetstringParseException}
   */
  @Override
  public void feed(ByteBuffer data, Consumer<? super ByteString> sink)
      throws NetstringParseException {
    ByteString string;
    while ((string = nextOrNull(data)) != null) {
      sink.accept(string);
    }
  }

  /**
   * Consumes {@code data} up to the end of the next complete netstring and returns its data; or,
   * when {@code data} completes none, consumes all of it and returns empty.
   *
   * @throws NetstringParseException as for {@link #feed}
   * @throws IllegalStateException as for {@link #feed}
   */
  @Override
  public Optional<ByteString> next(ByteBuffer data) throws NetstringParseException {
    return Optional.ofNullable(nextOrNull(data));
  }

  /**
   * The number of bytes of an unfinished netstring read so far, its length digits and colon
   * included; together with the netstrings returned, they account for every byte fed.
   */
  @Override
  public int bufferedBytes() {
    return switch (state) {
      case LENGTH -> digits;
      case DATA -> digits + 1 + bodyRead;
      case COMMA -> digits + 1 + ready.size();
    };
  }

  /** The encoding of {@code payload} as a netstring, in one buffer ready to write. */
  public static ByteBuffer encode(ByteString payload) {
    byte[] header = (payload.size() + ":").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(header.length + payload.size() + 1);
    out.put(header);
    payload.writeTo(out);
    out.put((byte) ',');
    return out.flip();
  }

  private ByteString nextOrNull(ByteBuffer data) throws NetstringParseException {
    if (failure != null) {
      throw new IllegalStateException(
          "the parser already failed ("
              + failure.getMessage()
              + "); a netstring stream cannot"
              + " be resynchronised",
          failure);
    }
    try {
      return parse(data);
    } catch (NetstringParseException e) {
      failure = e;
      throw e;
    }
  }

  private ByteString parse(ByteBuffer data) throws NetstringParseException {
    while (data.hasRemaining()) {
      switch (state) {
        case LENGTH -> readLength(data);
        case DATA -> readData(data);
        case COMMA -> {
          byte b = data.get();
          if (b != ',') {
            throw new NetstringParseException(
                Reason.MISSING_COMMA,
                "expected ',' after " + length + " bytes of netstring data, got " + describe(b));
          }
          ByteString done = ready;
          ready = null;
          digits = 0;
          length = 0;
          state = State.LENGTH;
          return done;
        }
      }
    }
    return null;
  }

  private void readLength(ByteBuffer data) throws NetstringParseException {
    while (data.hasRemaining()) {
      byte b = data.get();
      if (b == ':') {
        if (digits == 0) {
          throw new NetstringParseException(
              Reason.MALFORMED_LENGTH, "netstring length is empty (':' before any digit)");
        }
        int size = (int) length;
        if (size == 0) {
          ready = ByteString.EMPTY;
          state = State.COMMA;
        } else if (data.remaining() >= size) {
          byte[] whole = new byte[size];
          data.get(whole);
          ready = ByteString.wrapOwned(whole);
          state = State.COMMA;
        } else {
          body = new byte[size];
          bodyRead = 0;
          state = State.DATA;
        }
        return;
      }
      if (b < '0' || b > '9') {
        throw new NetstringParseException(
            Reason.MALFORMED_LENGTH,
            "expected a digit or ':' in a netstring length, got " + describe(b));
      }
      if (digits > 0 && length == 0) {
        throw new NetstringParseException(
            Reason.MALFORMED_LENGTH, "netstring length has a leading zero");
      }
      length = length * 10 + (b - '0');
      digits++;
      if (length > maxLength) {
        throw new NetstringParseException(
            Reason.LENGTH_LIMIT_EXCEEDED,
            "netstring length (at least) "
                + length
                + " exceeds the limit of "
                + maxLength
                + " bytes");
      }
    }
  }

  private void readData(ByteBuffer data) {
    int n = Math.min(body.length - bodyRead, data.remaining());
    data.get(body, bodyRead, n);
    bodyRead += n;
    if (bodyRead == body.length) {
      ready = ByteString.wrapOwned(body);
      body = null;
      bodyRead = 0;
      state = State.COMMA;
    }
  }

  private static String describe(byte b) {
    int c = b & 0xff;
    return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
  }
}
