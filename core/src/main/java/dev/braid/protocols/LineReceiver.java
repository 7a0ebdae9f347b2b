package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.net.BaseProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol that receives lines, and can switch to raw bytes and back (for a protocol whose
 * commands are lines but whose payloads are not, like HTTP/1.1 bodies or SMTP's BDAT). Subclasses
 * implement {@link #lineReceived}, and {@link #rawDataReceived} if they call {@link #setRawMode()}.
 * The parsing is done by a {@link LineParser}; for lines only and no pausing, {@link
 * LineOnlyReceiver} is simpler.
 *
 * <p><b>Modes.</b> {@link #setRawMode()} called from {@link #lineReceived} takes effect at once:
 * the bytes after that line, even in the same chunk, go to {@link #rawDataReceived}. From {@link
 * #rawDataReceived}, {@link #setLineMode(ByteString)} switches back and hands over the bytes of the
 * chunk that belong to lines again.
 *
 * <p><b>Pausing.</b> The receiver is a {@link PushProducer}: {@link #pauseProducing()} (typically
 * called from {@link #lineReceived}, or by a consumer the lines are written to) stops delivery at
 * once, even of lines already received in the same chunk, and pauses the transport's reading;
 * {@link #resumeProducing()} delivers what was held back and resumes reading.
 *
 * <p><b>Limits.</b> A line longer than {@link #maxLineLength()} (default {@value
 * #DEFAULT_MAX_LINE_LENGTH}) calls {@link #lineLengthExceeded}, which closes the connection unless
 * overridden (an override that does not close skips the over-long line and goes on). Once the
 * transport is {@linkplain Transport#disconnecting() disconnecting}, nothing more is delivered.
 *
 * <p><b>Threads and buffers.</b> The reactor thread calls every method. Lines are {@link
 * ByteString}s the subclass may keep; the buffer given to {@link #rawDataReceived} is lent for the
 * duration of the call, as in {@link Protocol#dataReceived}. Bytes are copied only when they must
 * outlive the chunk that brought them (an unfinished line, or input held back while paused).
 */
public abstract class LineReceiver extends BaseProtocol implements PushProducer {
  /** The default delimiter: CR LF. */
  public static final ByteString CRLF = ByteString.ascii("\r\n");

  /** The default limit on the length of a line, delimiter not counted. */
  public static final int DEFAULT_MAX_LINE_LENGTH = 16384;

  private final LineParser parser;
  private final ByteString delimiter;
  private final boolean dropCr;

  /** Input not yet processed, in order; a lent buffer sits here only during dataReceived. */
  private final ArrayDeque<ByteBuffer> input = new ArrayDeque<>();

  private boolean rawMode;
  private boolean paused;
  private boolean draining;

  /** A receiver of CRLF-terminated lines of at most {@value #DEFAULT_MAX_LINE_LENGTH} bytes. */
  protected LineReceiver() {
    this(CRLF, DEFAULT_MAX_LINE_LENGTH);
  }

  /** A receiver of lines ended by {@code delimiter}, of at most {@code maxLineLength} bytes. */
  protected LineReceiver(ByteString delimiter, int maxLineLength) {
    this.parser = new LineParser(maxLineLength, delimiter);
    this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
    this.dropCr = false;
  }

  /**
   * A receiver of lines ended as {@code ending} says, of at most {@code maxLineLength} bytes (a CR
   * dropped before a LF not counted).
   */
  protected LineReceiver(LineEnding ending, int maxLineLength) {
    Objects.requireNonNull(ending, "ending");
    this.dropCr = ending == LineEnding.LF_OR_CRLF;
    this.parser =
        dropCr
            ? new LineParser(maxLineLength + 1, ByteString.ascii("\n"))
            : new LineParser(maxLineLength, CRLF);
    this.delimiter = ending.sendDelimiter();
  }

  /** Feeds {@code data} to the line parser or to {@link #rawDataReceived}, by mode. */
  @Override
  public final void dataReceived(ByteBuffer data) {
    Transport t = transport();
    if (t.disconnecting()) {
      return;
    }
    input.addLast(data);
    drain();
    if (!input.isEmpty() && input.peekLast() == data) {
      input.pollLast();
      if (data.hasRemaining() && !t.disconnecting()) {
        input.addLast(copyOf(data)); // held back while paused: the lent buffer must not be kept
      }
    }
  }

  /**
   * Called once per line, delimiter stripped. It may switch to raw mode, pause, send, or close;
   * each takes effect before the next line.
   */
  protected abstract void lineReceived(ByteString line);

  /**
   * Called with bytes received in raw mode. The buffer is lent for the duration of the call. To go
   * back to lines, call {@link #setLineMode(ByteString)} with the bytes of {@code data} that were
   * not raw. The default throws, which closes the connection: a subclass that calls {@link
   * #setRawMode()} must override it.
   */
  protected void rawDataReceived(ByteBuffer data) {
    throw new UnsupportedOperationException(
        getClass().getName() + " switched to raw mode but does not override rawDataReceived");
  }

  /**
   * Called when a line is longer than {@link #maxLineLength()}, with its first {@code
   * maxLineLength() + 1} bytes. The default closes the connection ({@link
   * Transport#loseConnection()}); an override that does not close skips the rest of that line.
   */
  protected void lineLengthExceeded(ByteString lineStart) {
    transport().loseConnection();
  }

  /**
   * Sends bytes from now on to {@link #rawDataReceived}, starting with the rest of the current
   * chunk (and, if called outside {@link #lineReceived}, with the unfinished line held).
   */
  public final void setRawMode() {
    if (rawMode) {
      return;
    }
    rawMode = true;
    ByteString held = parser.clear();
    if (!held.isEmpty()) {
      input.addFirst(held.asByteBuffer());
    }
  }

  /** Goes back to lines ({@link #setLineMode(ByteString)} with no extra bytes). */
  public final void setLineMode() {
    setLineMode(ByteString.EMPTY);
  }

  /**
   * Goes back to lines. {@code extra} is parsed for lines before anything received later: from
   * {@link #rawDataReceived}, pass the bytes of its buffer that follow the raw part. Called outside
   * a callback, {@code extra} is parsed at once.
   */
  public final void setLineMode(ByteString extra) {
    rawMode = false;
    if (!extra.isEmpty()) {
      input.addFirst(extra.asByteBuffer());
    }
    if (!draining && connected()) {
      drain();
    }
  }

  /** True while bytes go to {@link #rawDataReceived}. */
  public final boolean rawMode() {
    return rawMode;
  }

  /**
   * Forgets every byte received and not yet delivered (the unfinished line, the rest of the current
   * chunk, and anything held back while paused) and returns them, in order.
   */
  public final ByteString clearLineBuffer() {
    ByteString held = parser.clear();
    int total = held.size();
    for (ByteBuffer pending : input) {
      total += pending.remaining();
    }
    ByteBuffer cleared = ByteBuffer.allocate(total);
    held.writeTo(cleared);
    for (ByteBuffer pending : input) {
      cleared.put(pending);
    }
    input.clear();
    return ByteString.wrapOwned(cleared.array());
  }

  /** Writes {@code line} followed by the delimiter. */
  public final void sendLine(ByteString line) {
    ByteBuffer out = ByteBuffer.allocate(line.size() + delimiter.size());
    line.writeTo(out);
    delimiter.writeTo(out);
    transport().write(out.flip());
  }

  /** Writes the UTF-8 encoding of {@code line} followed by the delimiter. */
  public final void sendLine(String line) {
    byte[] text = line.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out = ByteBuffer.allocate(text.length + delimiter.size());
    out.put(text);
    delimiter.writeTo(out);
    transport().write(out.flip());
  }

  /** The delimiter that ends a line ({@link #sendLine} writes it after each line). */
  public final ByteString delimiter() {
    return delimiter;
  }

  /** The longest line accepted, delimiter not counted. */
  public final int maxLineLength() {
    return dropCr ? parser.maxLineLength() - 1 : parser.maxLineLength();
  }

  /**
   * Stops delivering lines and raw data (from the next one on, even within the current chunk) and
   * pauses the transport's reading.
   */
  @Override
  public void pauseProducing() {
    paused = true;
    transport().pauseProducing();
  }

  /** Delivers what was held back while paused, then resumes the transport's reading. */
  @Override
  public void resumeProducing() {
    paused = false;
    transport().resumeProducing();
    drain();
  }

  /** Stops delivering for good and stops the transport ({@link Transport#stopProducing()}). */
  @Override
  public void stopProducing() {
    paused = true;
    transport().stopProducing();
  }

  /** True while paused by {@link #pauseProducing()}. */
  public final boolean paused() {
    return paused;
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      while (!paused && !input.isEmpty() && !transport().disconnecting()) {
        ByteBuffer next = input.peekFirst();
        if (!next.hasRemaining()) {
          input.pollFirst();
        } else if (rawMode) {
          ByteBuffer raw = next.slice().asReadOnlyBuffer();
          next.position(next.limit());
          rawDataReceived(raw);
        } else {
          deliverLine(next);
        }
      }
    } finally {
      draining = false;
    }
  }

  private void deliverLine(ByteBuffer from) {
    Optional<ByteString> line;
    try {
      line = parser.next(from);
    } catch (LineTooLongException e) {
      ByteString start = e.lineStart();
      lineLengthExceeded(dropCr ? start.substring(0, start.size() - 1) : start);
      return;
    }
    if (line.isEmpty()) {
      return;
    }
    ByteString received = line.get();
    if (dropCr) {
      int size = received.size();
      if (size > 0 && received.byteAt(size - 1) == '\r') {
        received = received.substring(0, size - 1);
      } else if (size > maxLineLength()) {
        lineLengthExceeded(received.substring(0, maxLineLength() + 1));
        return;
      }
    }
    lineReceived(received);
  }

  private static ByteBuffer copyOf(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    return copy.put(data).flip().asReadOnlyBuffer();
  }
}
