package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.net.BaseProtocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A protocol that exchanges strings each preceded by its length as a big-endian unsigned integer:
 * the common base of {@link Int8StringReceiver}, {@link Int16StringReceiver} and {@link
 * Int32StringReceiver} (extend one of those). Parsing is done by a {@link PrefixedStringParser}.
 *
 * <p>A string announced longer than {@link #maxLength()} calls {@link #lengthLimitExceeded}, which
 * closes the connection unless overridden (an override that does not close skips that string). Once
 * the transport is {@linkplain Transport#disconnecting() disconnecting}, no more strings are
 * delivered.
 *
 * <p>The reactor thread calls every method. Strings are {@link ByteString}s the subclass may keep.
 */
public abstract sealed class IntNStringReceiver extends BaseProtocol
    permits Int8StringReceiver, Int16StringReceiver, Int32StringReceiver {
  /** Above this size {@link #sendString} writes the prefix and the payload without copying. */
  private static final int COPY_THRESHOLD = 1024;

  private final PrefixedStringParser parser;

  IntNStringReceiver(int prefixSize, int maxLength) {
    this.parser = new PrefixedStringParser(prefixSize, maxLength);
  }

  /** Splits {@code data} into strings and delivers each, stopping once the transport is closing. */
  @Override
  public final void dataReceived(ByteBuffer data) {
    Transport t = transport();
    while (!t.disconnecting() && data.hasRemaining()) {
      try {
        parser.next(data).ifPresent(this::stringReceived);
      } catch (LengthLimitExceededException e) {
        lengthLimitExceeded(e.length());
      }
    }
  }

  /** Called once per string received. */
  protected abstract void stringReceived(ByteString string);

  /**
   * Called when a prefix announces a string of {@code length} bytes, more than {@link
   * #maxLength()}. The default closes the connection ({@link Transport#loseConnection()}); an
   * override that does not close skips that string.
   */
  protected void lengthLimitExceeded(long length) {
    transport().loseConnection();
  }

  /**
   * Writes {@code string} with its length prefix.
   *
   * @throws IllegalArgumentException if the string is longer than the prefix can express ({@link
   *     PrefixedStringParser#maxEncodableLength})
   */
  public final void sendString(ByteString string) {
    int prefixSize = parser.prefixSize();
    if (string.size() <= COPY_THRESHOLD) {
      transport().write(PrefixedStringParser.encode(prefixSize, string));
    } else {
      ByteBuffer prefix = PrefixedStringParser.encodePrefix(prefixSize, string.size());
      transport().writeSequence(List.of(prefix, string.asByteBuffer()));
    }
  }

  /** The longest string accepted, in bytes. */
  public final int maxLength() {
    return parser.maxLength();
  }

  /** The size of the length prefix, in bytes. */
  public final int prefixSize() {
    return parser.prefixSize();
  }
}
