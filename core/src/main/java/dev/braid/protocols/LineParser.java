package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines ended by a delimiter (such as CRLF). Pure: no I/O, no threads, no
 * clock; the thin protocols {@link LineReceiver} and {@link LineOnlyReceiver} wire it to a
 * transport.
 *
 * <pre>{@code
 * var parser = new LineParser(16384, ByteString.ascii("\r\n"));
 * parser.feed(data, line -> handle(line));   // once per complete line, delimiter stripped
 * }</pre>
 *
 * <p><b>Buffers.</b> The buffer passed to {@link #feed} or {@link #next} is lent: the parser reads
 * it (advancing its position) and never keeps it. A line that lies wholly inside one buffer is
 * copied once, straight into its {@link ByteString}; only the bytes of an unfinished line are
 * copied into the parser's own buffer, which grows to at most {@code maxLineLength + delimiter
 * length - 1} bytes. Nothing is allocated per byte.
 *
 * <p><b>Limit.</b> A line (without its delimiter) may hold up to {@code maxLineLength} bytes. A
 * longer one throws {@link LineTooLongException} as soon as that is certain (no delimiter can begin
 * within the limit), with the same {@link LineTooLongException#lineStart()} however the input was
 * cut into chunks. The parser then skips the rest of that line: feeding it more (starting with what
 * is left of the same buffer) goes on with the line after it. A protocol that closes the connection
 * on the error simply stops feeding.
 *
 * <p>Not thread-safe: one connection's thread (the reactor thread) uses it.
 */
public final class LineParser implements StreamParser<ByteString> {
  private static final byte[] NO_BYTES = new byte[0];
  private static final ByteString LF = ByteString.ascii("\n");

  /** The limit the splitting works to: one more than {@link #accepted} when a CR is stripped. */
  private final int maxLineLength;

  private final int accepted;
  private final boolean stripCr;
  private final byte[] delimiter;
  private final int maxBuffered;
  private byte[] buffer = NO_BYTES;
  private int length;
  private boolean skipping;

  /**
   * A parser for lines of at most {@code maxLineLength} bytes ended by {@code delimiter}.
   *
   * @throws IllegalArgumentException if {@code maxLineLength} is negative or {@code delimiter} is
   *     empty
   */
  public LineParser(int maxLineLength, ByteString delimiter) {
    this(maxLineLength, delimiter, false);
  }

  /**
   * A parser for lines of at most {@code maxLineLength} bytes that end as {@code ending} says:
   * {@link LineEnding#LF_OR_CRLF} ends a line at LF and strips a CR before it.
   *
   * @throws IllegalArgumentException if {@code maxLineLength} is negative
   */
  public LineParser(int maxLineLength, LineEnding ending) {
    this(
        maxLineLength,
        switch (ending) {
          case CRLF -> LineReceiver.CRLF;
          case LF_OR_CRLF -> LF;
        },
        ending == LineEnding.LF_OR_CRLF);
  }

  private LineParser(int maxLineLength, ByteString delimiter, boolean stripCr) {
    Objects.requireNonNull(delimiter, "delimiter");
    if (maxLineLength < 0) {
      throw new IllegalArgumentException("maxLineLength must be >= 0, got " + maxLineLength);
    }
    if (delimiter.isEmpty()) {
      throw new IllegalArgumentException("the delimiter must not be empty");
    }
    if ((long) maxLineLength + delimiter.size() + 1 > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxLineLength too large: " + maxLineLength);
    }
    this.accepted = maxLineLength;
    this.stripCr = stripCr;
    // A stripped CR is not part of the line: split with room for it, and check the line after.
    this.maxLineLength = stripCr ? maxLineLength + 1 : maxLineLength;
    this.delimiter = delimiter.toByteArray();
    this.maxBuffered = this.maxLineLength + this.delimiter.length - 1;
  }

  /** The longest line accepted, in bytes, delimiter not counted. */
  public int maxLineLength() {
    return accepted;
  }

  /** The bytes that end a line. */
  public ByteString delimiter() {
    return ByteString.of(delimiter);
  }

  /**
   * Consumes all of {@code data}, calling {@code sink} once per complete line (delimiter stripped),
   * in order. Bytes of an unfinished line are kept for the next call.
   *
   * @throws LineTooLongException when a line passes the limit; {@code data}'s position is then
   *     after the bytes consumed, so calling {@code feed} again with it goes on past the over-long
   *     line
   */
  @Override
  public void feed(ByteBuffer data, Consumer<? super ByteString> sink) throws LineTooLongException {
    ByteString line;
    while ((line = nextOrNull(data)) != null) {
      sink.accept(line);
    }
  }

  /**
   * Consumes {@code data} up to the end of the next complete line and returns that line (delimiter
   * stripped); or, when {@code data} completes no line, consumes all of it and returns empty. Lets
   * a caller stop between lines (to switch modes, or pause) and pick up the rest of {@code data}
   * itself.
   *
   * @throws LineTooLongException as for {@link #feed}
   */
  @Override
  public Optional<ByteString> next(ByteBuffer data) throws LineTooLongException {
    return Optional.ofNullable(nextOrNull(data));
  }

  /** The number of bytes of an unfinished line held (0 while skipping an over-long line). */
  @Override
  public int bufferedBytes() {
    return skipping ? 0 : length;
  }

  /** A copy of the bytes of the unfinished line held (empty while skipping an over-long line). */
  public ByteString remainder() {
    return skipping ? ByteString.EMPTY : ByteString.of(buffer, 0, length);
  }

  /**
   * Forgets the unfinished line (and stops skipping an over-long one), returning what was held as
   * {@link #remainder()} would.
   */
  public ByteString clear() {
    ByteString held = remainder();
    length = 0;
    skipping = false;
    return held;
  }

  private ByteString nextOrNull(ByteBuffer data) throws LineTooLongException {
    if (!stripCr) {
      return split(data);
    }
    ByteString line;
    try {
      line = split(data);
    } catch (LineTooLongException e) {
      throw new LineTooLongException(e.lineStart().substring(0, accepted + 1), accepted);
    }
    if (line != null && line.size() > accepted) {
      throw new LineTooLongException(line.substring(0, accepted + 1), accepted);
    }
    return line;
  }

  /**
   * The next line ended by the delimiter, or null; with {@link #stripCr}, a CR just before the
   * delimiter is left out of the copy (so a CR LF line is copied once, not copied and cut again).
   */
  private ByteString split(ByteBuffer data) throws LineTooLongException {
    if (skipping && !skipPastDelimiter(data)) {
      return null;
    }
    int pos = data.position();
    int limit = data.limit();
    int dl = delimiter.length;
    if (length > 0) {
      int start = delimiterStartingInBuffer(data, pos, limit);
      if (start >= 0) {
        data.position(pos + dl - (length - start));
        length = 0;
        if (start > maxLineLength) {
          throw new LineTooLongException(
              ByteString.of(buffer, 0, maxLineLength + 1), maxLineLength);
        }
        int end = stripCr && start > 0 && buffer[start - 1] == '\r' ? start - 1 : start;
        return ByteString.of(buffer, 0, end);
      }
    }
    int at = indexOfDelimiter(data, pos, limit);
    if (at >= 0) {
      int lineLength = length + (at - pos);
      if (lineLength > maxLineLength) {
        ByteString start = lineStart(data, pos);
        data.position(at + dl);
        length = 0;
        throw new LineTooLongException(start, maxLineLength);
      }
      boolean cr =
          stripCr && lineLength > 0 && (at > pos ? data.get(at - 1) : buffer[length - 1]) == '\r';
      byte[] line = new byte[cr ? lineLength - 1 : lineLength];
      int held = Math.min(length, line.length);
      System.arraycopy(buffer, 0, line, 0, held);
      data.get(pos, line, held, line.length - held);
      data.position(at + dl);
      length = 0;
      return ByteString.wrapOwned(line);
    }
    int remaining = limit - pos;
    if (length + remaining > maxLineLength && !mayStillEndInTime(data, pos, limit)) {
      ByteString start = lineStart(data, pos);
      keepTail(data, pos, limit);
      skipping = true;
      throw new LineTooLongException(start, maxLineLength);
    }
    append(data, pos, limit);
    return null;
  }

  /**
   * While skipping an over-long line: consumes up to and including the next delimiter and returns
   * true, or consumes all of {@code data} (keeping the few last bytes that may begin a delimiter)
   * and returns false.
   */
  private boolean skipPastDelimiter(ByteBuffer data) {
    int pos = data.position();
    int limit = data.limit();
    int dl = delimiter.length;
    int start = length > 0 ? delimiterStartingInBuffer(data, pos, limit) : -1;
    if (start >= 0) {
      data.position(pos + dl - (length - start));
    } else {
      int at = indexOfDelimiter(data, pos, limit);
      if (at < 0) {
        keepTail(data, pos, limit);
        return false;
      }
      data.position(at + dl);
    }
    length = 0;
    skipping = false;
    return true;
  }

  /**
   * The index in the held buffer where a delimiter starts that {@code data} completes, or -1. Only
   * the last {@code delimiter.length - 1} held bytes can begin one: the held bytes never contain a
   * whole delimiter.
   */
  private int delimiterStartingInBuffer(ByteBuffer data, int pos, int limit) {
    int dl = delimiter.length;
    for (int start = Math.max(0, length - dl + 1); start < length; start++) {
      int held = length - start;
      int needed = dl - held;
      if (limit - pos < needed) {
        return -1; // later starts need even more bytes
      }
      if (Arrays.equals(buffer, start, length, delimiter, 0, held)
          && matches(data, pos, held, needed)) {
        return start;
      }
    }
    return -1;
  }

  /**
   * Called when the held bytes and {@code data} together pass the limit without a delimiter: true
   * when the bytes at the end may begin a delimiter that starts at or before {@code maxLineLength}
   * (so the line may still be short enough), false when the line is certainly too long.
   */
  private boolean mayStillEndInTime(ByteBuffer data, int pos, int limit) {
    int total = length + (limit - pos);
    for (int start = Math.max(0, total - delimiter.length + 1); start <= maxLineLength; start++) {
      boolean prefix = true;
      for (int i = start; i < total && prefix; i++) {
        byte b = i < length ? buffer[i] : data.get(pos + i - length);
        prefix = b == delimiter[i - start];
      }
      if (prefix) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code data} from {@code pos} holds {@code count} delimiter bytes from {@code from}.
   */
  private boolean matches(ByteBuffer data, int pos, int from, int count) {
    for (int i = 0; i < count; i++) {
      if (data.get(pos + i) != delimiter[from + i]) {
        return false;
      }
    }
    return true;
  }

  /** The index in {@code data} of the first whole delimiter between pos and limit, or -1. */
  private int indexOfDelimiter(ByteBuffer data, int pos, int limit) {
    byte first = delimiter[0];
    int last = limit - delimiter.length;
    for (int i = pos; i <= last; i++) {
      if (data.get(i) == first && matches(data, i + 1, 1, delimiter.length - 1)) {
        return i;
      }
    }
    return -1;
  }

  /** The first maxLineLength + 1 bytes of the held bytes followed by data from pos. */
  private ByteString lineStart(ByteBuffer data, int pos) {
    int n = maxLineLength + 1;
    byte[] start = new byte[n];
    int fromBuffer = Math.min(length, n);
    System.arraycopy(buffer, 0, start, 0, fromBuffer);
    data.get(pos, start, fromBuffer, n - fromBuffer);
    return ByteString.wrapOwned(start);
  }

  /** Keeps only the last delimiter.length - 1 bytes of held + data, and consumes data. */
  private void keepTail(ByteBuffer data, int pos, int limit) {
    int remaining = limit - pos;
    int keep = Math.min(delimiter.length - 1, length + remaining);
    ensureCapacity(keep);
    if (remaining >= keep) {
      data.get(limit - keep, buffer, 0, keep);
    } else {
      int fromBuffer = keep - remaining;
      System.arraycopy(buffer, length - fromBuffer, buffer, 0, fromBuffer);
      data.get(pos, buffer, fromBuffer, remaining);
    }
    length = keep;
    data.position(limit);
  }

  private void append(ByteBuffer data, int pos, int limit) {
    int remaining = limit - pos;
    ensureCapacity(length + remaining);
    data.get(pos, buffer, length, remaining);
    length += remaining;
    data.position(limit);
  }

  private void ensureCapacity(int needed) {
    if (needed > buffer.length) {
      int grown = Math.max(64, buffer.length * 2);
      buffer = Arrays.copyOf(buffer, Math.min(maxBuffered, Math.max(needed, grown)));
    }
  }
}
