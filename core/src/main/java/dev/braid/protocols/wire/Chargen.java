package dev.braid.protocols.wire;

import dev.braid.bytes.ByteString;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PullProducer;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The character generator service (RFC 864): sends an endless stream of lines, ignoring what it
 * receives, until the peer closes. Each line is 72 of the 95 printable ASCII characters (space to
 * {@code '~'}) followed by CR LF; line <i>n</i> starts with the character after the one line
 * <i>n-1</i> started with, wrapping around, so the pattern repeats every 95 lines.
 *
 * <p><b>Flow control.</b> Chargen is a {@link PullProducer} registered with its transport: the
 * transport asks it for a chunk when it is registered and each time its write buffer drains below
 * the low-water mark, and each time it writes exactly one chunk ({@link #CHUNK_SIZE} bytes, the
 * whole 95-line cycle). So it never holds more than the low-water mark plus one chunk of unsent
 * bytes, and writes nothing while the peer is not reading. Once the connection is lost it is
 * stopped and writes nothing more.
 *
 * <p>The reactor thread calls every method. Every chunk is a read-only view of one shared,
 * immutable array: sending allocates no copy.
 */
public final class Chargen implements Protocol, PullProducer {
  /** Characters per line, CR LF not counted. */
  public static final int LINE_LENGTH = 72;

  /** The bytes written each time the transport asks: 95 lines of 74 bytes. */
  public static final int CHUNK_SIZE = 95 * (LINE_LENGTH + 2);

  private static final ByteString CYCLE = cycle();

  private Transport transport;
  private boolean stopped;

  /** A new chargen protocol, for one connection. */
  public Chargen() {}

  /** A factory that makes a {@link Chargen} for each connection. */
  public static ProtocolFactory factory() {
    return peer -> new Chargen();
  }

  /** Registers this protocol as its transport's producer, which asks for the first chunk. */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    transport.registerProducer(this);
  }

  /** Ignores {@code data}, as RFC 864 says. */
  @Override
  public void dataReceived(ByteBuffer data) {}

  /** Writes the next chunk of lines, unless stopped. */
  @Override
  public void resumeProducing() {
    if (!stopped) {
      transport.write(CYCLE.asByteBuffer());
    }
  }

  /** Stops for good: the connection is gone. */
  @Override
  public void stopProducing() {
    stopped = true;
  }

  /** Stops and unregisters from the transport. */
  @Override
  public void connectionLost(Throwable reason) {
    stopped = true;
    if (transport != null) {
      transport.unregisterProducer();
    }
  }

  private static ByteString cycle() {
    int printable = 95;
    byte[] bytes = new byte[CHUNK_SIZE];
    int at = 0;
    for (int line = 0; line < printable; line++) {
      for (int i = 0; i < LINE_LENGTH; i++) {
        bytes[at++] = (byte) (' ' + (line + i) % printable);
      }
      bytes[at++] = '\r';
      bytes[at++] = '\n';
    }
    return ByteString.wrapOwned(bytes);
  }
}
