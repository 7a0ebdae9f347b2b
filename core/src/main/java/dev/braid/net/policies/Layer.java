package dev.braid.net.policies;

import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A wrapping protocol that is also the wrapped protocol's transport: a protocol to the transport
 * below ({@link #below()}) and a {@link ForwardingTransport} to the protocol above ({@link
 * #inner()}). It passes every event up unchanged; subclasses override the hooks they need and call
 * {@code super}.
 *
 * <p>It is always a {@link HalfCloseableProtocol} to the transport below; when the wrapped protocol
 * is not one, the peer's half-close closes the connection (through this layer's own {@link
 * #loseConnection()}, so a layer holding writes sends them first).
 */
abstract class Layer extends ForwardingTransport implements HalfCloseableProtocol {
  private final Protocol inner;
  private Transport below;
  private boolean lost;

  Layer(Protocol inner) {
    this.inner = Objects.requireNonNull(inner, "protocol");
  }

  final Protocol inner() {
    return inner;
  }

  /** The transport below, or null before {@link #connectionMade}. */
  final Transport below() {
    return below;
  }

  /** True once {@link #connectionLost} ran. */
  final boolean lost() {
    return lost;
  }

  @Override
  protected final Transport delegate() {
    if (below == null) {
      throw new IllegalStateException("the connection is not made yet");
    }
    return below;
  }

  @Override
  public void connectionMade(Transport transport) {
    below = Objects.requireNonNull(transport, "transport");
    inner.connectionMade(this);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    inner.dataReceived(data);
  }

  @Override
  public void readConnectionLost() {
    if (inner instanceof HalfCloseableProtocol half) {
      half.readConnectionLost();
    } else {
      loseConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    if (inner instanceof HalfCloseableProtocol half) {
      half.writeConnectionLost();
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost = true;
    inner.connectionLost(reason);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + inner.getClass().getName() + "]";
  }
}
