package dev.braid.protocols.wire;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The echo service (RFC 862): writes back every byte it receives.
 *
 * <p><b>Flow control.</b> A peer that sends fast and reads slowly must not make the server buffer
 * without bound. So the echo registers the transport as the push producer of its own writes: when
 * the transport's write buffer goes above its high-water mark it pauses itself (stops reading), and
 * resumes reading once the buffer drains. The server therefore holds at most about the high-water
 * mark plus one read of unsent bytes per connection.
 *
 * <p>The reactor thread calls every method. Each received chunk is copied once (the buffer lent to
 * {@link #dataReceived} cannot be kept) and the copy is given to the transport.
 */
public final class Echo implements Protocol {
  private Transport transport;

  /** A new echo protocol, for one connection. */
  public Echo() {}

  /** A factory that makes an {@link Echo} for each connection. */
  public static ProtocolFactory factory() {
    return peer -> new Echo();
  }

  /** Registers the transport as the producer of its own writes (see the class doc). */
  @Override
  public void connectionMade(Transport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
    transport.registerProducer(transport);
  }

  /** Writes a copy of {@code data} back. */
  @Override
  public void dataReceived(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    transport.write(copy.put(data).flip());
  }

  /** Forgets the producer registration. */
  @Override
  public void connectionLost(Throwable reason) {
    if (transport != null) {
      transport.unregisterProducer();
    }
  }
}
