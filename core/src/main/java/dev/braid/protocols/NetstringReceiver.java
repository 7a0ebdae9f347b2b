package dev.braid.protocols;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
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
public abstract class NetstringReceiver implements Protocol {
  private static final Logger LOG = LoggerFactory.getLogger(NetstringReceiver.class);

  /** Above this size {@link #sendString} writes the payload without copying it. */
  private static final int COPY_THRESHOLD = 1024;

  private static final ByteBuffer COMMA = ByteBuffer.wrap(new byte[] {','}).asReadOnlyBuffer();

  private final NetstringParser parser;
  private Transport transport;
  private boolean broken;

  /** A receiver with the default limit, {@value NetstringParser#DEFAULT_MAX_LENGTH} bytes. */
  protected NetstringReceiver() {
    this(NetstringParser.DEFAULT_MAX_LENGTH);
  }

  /** A receiver of netstrings whose data is at most {@code maxLength} bytes. */
  protected NetstringReceiver(int maxLength) {
    this.parser = new NetstringParser(maxLength);
  }

  /**
   * Stores the transport. A subclass that overrides this must call {@code
   * super.connectionMade(transport)} first.
   */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The transport, once {@link #connectionMade} ran. */
  protected final Transport transport() {
    if (transport == null) {
      throw new IllegalStateException(
          "no transport yet: connectionMade has not run (or an override did not call super)");
    }
    return transport;
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
