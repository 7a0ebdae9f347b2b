package dev.braid.protocols.wire;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import java.nio.ByteBuffer;

/**
 * The discard service (RFC 863): reads and throws away everything it receives, and sends nothing.
 * Reading as fast as the peer sends needs no flow control: nothing is kept.
 *
 * <p>The reactor thread calls every method.
 */
public final class Discard implements Protocol {
  /** A new discard protocol, for one connection. */
  public Discard() {}

  /** A factory that makes a {@link Discard} for each connection. */
  public static ProtocolFactory factory() {
    return peer -> new Discard();
  }

  /** Ignores {@code data}. */
  @Override
  public void dataReceived(ByteBuffer data) {}
}
