package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.net.BaseProtocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A protocol that receives lines and nothing else: the simplest way to a line protocol. Subclasses
 * implement {@link #lineReceived}. Unlike {@link LineReceiver} it has no raw mode and cannot be
 * paused, and so never holds more than one unfinished line.
 *
 * <p>A line longer than {@link #maxLineLength()} (default {@value
 * LineReceiver#DEFAULT_MAX_LINE_LENGTH}) calls {@link #lineLengthExceeded}, which closes the
 * connection unless overridden (an override that does not close skips that line). Once the
 * transport is {@linkplain Transport#disconnecting() disconnecting}, no more lines are delivered.
 *
 * <p>The reactor thread calls every method. Lines are {@link ByteString}s the subclass may keep.
 */
public abstract class LineOnlyReceiver extends BaseProtocol {
  private final LineParser parser;
  private final ByteString delimiter;

  /** A receiver of CRLF-terminated lines of at most 16384 bytes. */
  protected LineOnlyReceiver() {
    this(LineReceiver.CRLF, LineReceiver.DEFAULT_MAX_LINE_LENGTH);
  }

  /** A receiver of lines ended by {@code delimiter}, of at most {@code maxLineLength} bytes. */
  protected LineOnlyReceiver(ByteString delimiter, int maxLineLength) {
    this.parser = new LineParser(maxLineLength, delimiter);
    this.delimiter = Objects.requireNonNull(delimiter, "delimiter");
  }

  /**
   * A receiver of lines that end as {@code ending} says ({@link LineEnding#LF_OR_CRLF}: LF or CR
   * LF), of at most {@code maxLineLength} bytes.
   */
  protected LineOnlyReceiver(LineEnding ending, int maxLineLength) {
    this.parser = new LineParser(maxLineLength, ending);
    this.delimiter = ending.sent();
  }

  /** Splits {@code data} into lines and delivers each, stopping once the transport is closing. */
  @Override
  public final void dataReceived(ByteBuffer data) {
    Transport t = transport();
    while (!t.disconnecting() && data.hasRemaining()) {
      try {
        parser.next(data).ifPresent(this::lineReceived);
      } catch (LineTooLongException e) {
        lineLengthExceeded(e.lineStart());
      }
    }
  }

  /** Called once per line, delimiter stripped. */
  protected abstract void lineReceived(ByteString line);

  /**
   * Called when a line is longer than {@link #maxLineLength()}, with its first {@code
   * maxLineLength() + 1} bytes. The default closes the connection ({@link
   * Transport#loseConnection()}); an override that does not close skips the rest of that line.
   */
  protected void lineLengthExceeded(ByteString lineStart) {
    transport().loseConnection();
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
    sendLine(ByteString.encode(line, StandardCharsets.UTF_8));
  }

  /** The delimiter that ends a line. */
  public final ByteString delimiter() {
    return delimiter;
  }

  /** The longest line accepted, delimiter not counted. */
  public final int maxLineLength() {
    return parser.maxLineLength();
  }
}
