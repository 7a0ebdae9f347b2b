package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.net.BaseProtocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A protocol that exchanges netstrings ({@code 3:abc,}). Subclasses implement {@link
 * #stringReceived}. Parsing is strict (see {@link NetstringParser}): a malformed length, a length
 * above {@link #maxLength()} (default {@value NetstringParser#DEFAULT_MAX_LENGTH}) or a missing
 * comma calls {@link #invalidNetstring}, which logs at DEBUG (bad input from a peer is not the
 * server's error) and closes the connection. Nothing more is delivered after that, nor once the
 * transport is {@linkplain Transport#disconnecting() disconnecting}.
 *
 * <p>The reactor thread calls every method. Strings are {@link ByteString}s the subclass may keep.
 */
public abstract class NetstringReceiver extends BaseProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(NetstringReceiver.class);

  /** Above this size {@link #sendString} writes the payload without copying it. */
  private static final int COPY_THRESHOLD = 1024;

  private static final ByteBuffer COMMA = ByteBuffer.wrap(new byte[] {','}).asReadOnlyBuffer();

  private final NetstringParser parser;
  private boolean broken;

  /** A receiver with the default limit, {@value NetstringParser#DEFAULT_MAX_LENGTH} bytes. */
  protected NetstringReceiver() {
    this(NetstringParser.DEFAULT_MAX_LENGTH);
  }

  /** A receiver of netstrings whose data is at most {@code maxLength} bytes. */
  protected NetstringReceiver(int maxLength) {
    this.parser = new NetstringParser(maxLength);
  }

  /** Parses {@code data} and delivers each netstring, stopping at the first error. */
  @Override
  public final void dataReceived(ByteBuffer data) {
    Transport t = transport();
    while (!broken && !t.disconnecting() && data.hasRemaining()) {
      try {
        parser.next(data).ifPresent(this::stringReceived);
      } catch (NetstringParseException e) {
        broken = true;
        invalidNetstring(e);
      }
    }
  }

  /** Called once per netstring received, with its data. */
  protected abstract void stringReceived(ByteString string);

  /**
   * Called once when the peer sent something that is not a netstring; nothing is delivered after
   * it. The default logs at DEBUG and closes the connection ({@link Transport#loseConnection()}).
   */
  protected void invalidNetstring(NetstringParseException error) {
    LOG.debug("closing the connection with {}: {}", transport().peerAddress(), error.getMessage());
    transport().loseConnection();
  }

  /** Writes {@code string} as a netstring. */
  public final void sendString(ByteString string) {
    if (string.size() <= COPY_THRESHOLD) {
      transport().write(NetstringParser.encode(string));
    } else {
      ByteBuffer header =
          ByteBuffer.wrap((string.size() + ":").getBytes(StandardCharsets.US_ASCII));
      transport().writeSequence(List.of(header, string.asByteBuffer(), COMMA.duplicate()));
    }
  }

  /** The longest data accepted, in bytes. */
  public final int maxLength() {
    return parser.maxLength();
  }
}
