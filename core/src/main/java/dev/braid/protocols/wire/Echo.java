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
 * <p>The reactor thread calls every method. The buffer lent to {@link #dataReceived} cannot be
 * kept, so the echo hands it to {@link Transport#writeCopy}: on a socket with nothing queued the
 * bytes go straight from the reactor's read buffer to the socket, and only what the socket does not
 * take is copied.
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

  /**
   * Writes {@code data} back with {@link Transport#writeCopy}: sent straight from the lent buffer
   * while the socket keeps up, copied only when it does not.
   */
  @Override
  public void dataReceived(ByteBuffer data) {
    transport.writeCopy(data);
  }

  /** Forgets the producer registration. */
  @Override
  public void connectionLost(Throwable reason) {
    if (transport != null) {
      transport.unregisterProducer();
    }
  }
}
