package dev.braid.net;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A protocol that wraps another protocol and stands as its transport (Twisted's {@code
 * ProtocolWrapper}): to the transport below ({@link #below()}) it is the protocol; to the protocol
 * above ({@link #inner()}) it is the transport, forwarding every call down unchanged ({@link
 * ForwardingTransport}). Every event from below is passed up unchanged. A subclass overrides the
 * calls and events it cares about and calls {@code super} for the rest. Braid's PROXY protocol
 * reader, its policies (throttling, connection limits, timeouts, traffic logging) and its TLS are
 * layers, and they stack in any order.
 *
 * <pre>{@code
 * final class CountingLayer extends Layer {
 *   long read;
 *   CountingLayer(Protocol inner) { super(inner); }
 *   @Override public void dataReceived(ByteBuffer data) {
 *     read += data.remaining();
 *     super.dataReceived(data);
 *   }
 * }
 * ProtocolFactory counted = address -> new CountingLayer(app.buildProtocol(address));
 * }</pre>
 *
 * <p><b>Protocol switching.</b> A layer is {@link ProtocolSwitching}: {@link #switchProtocol} sends
 * every later event to another protocol, so STARTTLS ({@code Tls.startTls}) works on a protocol
 * whatever layers stand below it.
 *
 * <p><b>A layer that builds its protocol later</b> (one that reads a header first) passes no
 * protocol to the constructor and calls {@link #attach} once it has one; until then events from
 * below stop at the layer, and a subclass handles them.
 *
 * <p><b>Half-close.</b> A layer is always a {@link HalfCloseableProtocol} to the transport below;
 * when the protocol above is not one, the peer's half-close closes the connection (through this
 * layer's own {@link #loseConnection()}, so a layer that holds writes sends them first).
 *
 * <p>Reactor thread only. Buffers follow {@link Transport}'s and {@link Protocol}'s rules: what is
 * handed up in {@code dataReceived} is lent for the call; what is written is given down.
 */
public abstract class Layer extends ForwardingTransport
    implements HalfCloseableProtocol, ProtocolSwitching {
  private Protocol inner;
  private Transport below;
  private boolean lost;

  /** A layer over {@code inner}: {@link #connectionMade} connects {@code inner} to this layer. */
  protected Layer(Protocol inner) {
    this.inner = Objects.requireNonNull(inner, "protocol");
  }

  /** A layer with no protocol above yet: the subclass calls {@link #attach} when it has one. */
  protected Layer() {}

  /**
   * The protocol above: the one the constructor or {@link #attach} gave, or the one {@link
   * #switchProtocol} named since. Throws {@link IllegalStateException} when there is none yet.
   */
  protected final Protocol inner() {
    if (inner == null) {
      throw new IllegalStateException("no protocol above this layer yet");
    }
    return inner;
  }

  /** The protocol above, if there is one yet. */
  protected final Optional<Protocol> innerIfAttached() {
    return Optional.ofNullable(inner);
  }

  /**
   * The transport below. Throws {@link IllegalStateException} before {@link #connectionMade} (the
   * calls of {@link ForwardingTransport} do the same).
   */
  protected final Transport below() {
    return delegate();
  }

  /** True once {@link #connectionMade} ran (there is a transport below). */
  protected final boolean connected() {
    return below != null;
  }

  /** True once {@link #connectionLost} ran. */
  protected final boolean lost() {
    return lost;
  }

  /**
   * Connects {@code protocol} above this layer, for a layer made without one: it becomes {@link
   * #inner()} and hears {@code connectionMade} with this layer as its transport. Call it once the
   * connection is made.
   */
  protected final void attach(Protocol protocol) {
    if (inner != null) {
      throw new IllegalStateException("a protocol is already attached: " + inner);
    }
    if (below == null) {
      throw new IllegalStateException("the connection is not made yet");
    }
    inner = Objects.requireNonNull(protocol, "protocol");
    protocol.connectionMade(this);
  }

  /**
   * From now on, events from below go to {@code next} (its {@code connectionMade} is not called:
   * whoever switches calls it, as {@code Tls.startTls} does).
   */
  @Override
  public void switchProtocol(Protocol next) {
    inner = Objects.requireNonNull(next, "next");
  }

  @Override
  protected final Transport delegate() {
    if (below == null) {
      throw new IllegalStateException("the connection is not made yet");
    }
    return below;
  }

  /** Keeps {@code transport} as {@link #below()}, then connects the protocol above, if any. */
  @Override
  public void connectionMade(Transport transport) {
    below = Objects.requireNonNull(transport, "transport");
    if (inner != null) {
      inner.connectionMade(this);
    }
  }

  /** Passes the bytes up (lent for the call, as they came). */
  @Override
  public void dataReceived(ByteBuffer data) {
    if (inner != null) {
      inner.dataReceived(data);
    }
  }

  /**
   * Passes the half-close up, or closes the connection when the protocol above cannot be
   * half-closed (or there is none yet).
   */
  @Override
  public void readConnectionLost() {
    if (inner instanceof HalfCloseableProtocol half) {
      half.readConnectionLost();
    } else {
      loseConnection();
    }
  }

  /** Passes the event up to a protocol above that can be half-closed. */
  @Override
  public void writeConnectionLost() {
    if (inner instanceof HalfCloseableProtocol half) {
      half.writeConnectionLost();
    }
  }

  /** Marks the layer {@link #lost()} and passes the event up, if there is a protocol above. */
  @Override
  public void connectionLost(Throwable reason) {
    lost = true;
    if (inner != null) {
      inner.connectionLost(reason);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "["
        + (inner == null ? "no protocol yet" : inner.getClass().getName())
        + "]";
  }
}
