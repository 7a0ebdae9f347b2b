package dev.braid.net;

import dev.braid.bytes.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Joins two connections so that each one's bytes are written to the other: the core of a port
 * forwarder, a SOCKS or CONNECT proxy, a tunnel. Each side of the relay is an {@link End}, a
 * protocol that is either the whole protocol of its connection (the dialled side, usually) or the
 * one a protocol hands its events to once it is done with its own conversation (a proxy after its
 * handshake):
 *
 * <pre>{@code
 * Relay.End near = Relay.end();              // this connection's events go to near
 * near.connectionMade(transport);
 * upstream.connect(peer -> Relay.end())
 *     .addCallback(far -> { Relay.join(near, (Relay.End) far); return null; });
 * }</pre>
 *
 * <p>Once {@linkplain #join joined}:
 *
 * <ul>
 *   <li><b>Data</b> read on one side is written to the other ({@link Transport#writeCopy}, so a
 *       peer that keeps up costs no copy).
 *   <li><b>Flow control both ways</b>: each transport is registered as the producer of the other's
 *       writes, so a side whose write buffer passes its high-water mark pauses reading on the other
 *       side, and resumes it below the low-water mark. What the relay holds is bounded by the
 *       transports' water marks, however fast one peer sends and however slowly the other reads.
 *   <li><b>Half-close</b>: when one side's peer stops sending (end of input), the other side's
 *       writing direction is shut ({@link Transport#loseWriteConnection}) once what was relayed has
 *       been sent, and the other direction goes on. A transport that cannot half-close (its {@code
 *       loseWriteConnection} throws {@link UnsupportedOperationException}) is closed instead
 *       ({@link Transport#loseConnection}).
 *   <li><b>Loss</b>: when one side's connection is lost, the other is closed after it has sent what
 *       it still holds ({@link Transport#loseConnection}); nothing already relayed is dropped.
 * </ul>
 *
 * <p>Before the join an end keeps its transport's reading paused; whatever it is handed anyway, and
 * an end of input or a loss, are kept and passed on at the join. So the far side may be dialled
 * while the near one waits, and the near side may lose its connection before the far one answers:
 * the join then closes the far one.
 *
 * <p><b>Threads.</b> Reactor thread only, like the protocols it joins; both connections must belong
 * to the same reactor. <b>Buffers.</b> A buffer lent to {@link End#dataReceived} is read before the
 * call returns and not kept (bytes held before the join are copied).
 */
public final class Relay {
  private Relay() {}

  /** A new end, not yet connected nor joined. */
  public static End end() {
    return new End();
  }

  /**
   * Joins {@code a} and {@code b}: from now on each one's data goes to the other, with flow control
   * and half-closes as described above, and both resume reading. Both ends must have a transport
   * ({@link End#connectionMade} was called); each end can be joined once.
   */
  public static void join(End a, End b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a == b) {
      throw new IllegalArgumentException("cannot join an end to itself");
    }
    for (End e : List.of(a, b)) {
      if (e.transport == null) {
        throw new IllegalStateException("cannot join an end before its connectionMade");
      }
      if (e.other != null) {
        throw new IllegalStateException("this end is already joined");
      }
    }
    a.other = b;
    b.other = a;
    a.resumeIfOpen();
    b.resumeIfOpen();
    a.transport.registerProducer(PushProducers.readingOf(b.transport));
    b.transport.registerProducer(PushProducers.readingOf(a.transport));
    a.passOnHeld();
    b.passOnHeld();
  }

  /**
   * One side of a relay: a {@link HalfCloseableProtocol} for one connection. Use it as the
   * connection's protocol, or call its methods from the connection's protocol to hand the
   * connection over. Reactor thread only.
   */
  public static final class End implements HalfCloseableProtocol {
    private Transport transport;
    private End other;
    private List<ByteString> held = new ArrayList<>();
    private boolean inputDone;
    private boolean lost;

    private End() {}

    /** The transport of this end's connection; throws before {@link #connectionMade}. */
    public Transport transport() {
      if (transport == null) {
        throw new IllegalStateException("this relay end has no connection yet");
      }
      return transport;
    }

    /** Whether this end was joined to another. */
    public boolean joined() {
      return other != null;
    }

    /** Takes the connection; before the join its reading is paused. */
    @Override
    public void connectionMade(Transport transport) {
      if (this.transport != null) {
        throw new IllegalStateException("a relay end serves one connection");
      }
      this.transport = Objects.requireNonNull(transport, "transport");
      if (other == null) {
        transport.pauseProducing();
      }
    }

    /** Writes {@code data} to the other side (before the join, keeps a copy for it). */
    @Override
    public void dataReceived(ByteBuffer data) {
      if (other != null) {
        other.transport.writeCopy(data);
      } else {
        held.add(ByteString.copyOf(data));
      }
    }

    /** This side's peer stopped sending: the other side's writing direction shuts. */
    @Override
    public void readConnectionLost() {
      inputDone = true;
      if (other != null) {
        other.shutWrite();
      }
    }

    /** This side's connection is gone: the other closes once it has sent what it holds. */
    @Override
    public void connectionLost(Throwable reason) {
      lost = true;
      if (other != null) {
        other.transport.loseConnection();
      }
    }

    private void resumeIfOpen() {
      if (!inputDone && !lost && !other.lost) {
        transport.resumeProducing();
      }
    }

    /** Passes what came before the join on to the other side. */
    private void passOnHeld() {
      for (ByteString data : held) {
        other.transport.write(data);
      }
      held = List.of();
      if (lost) {
        other.transport.loseConnection();
      } else if (inputDone) {
        other.shutWrite();
      }
    }

    private void shutWrite() {
      try {
        transport.loseWriteConnection();
      } catch (UnsupportedOperationException e) {
        transport.loseConnection();
      }
    }

    @Override
    public String toString() {
      return "Relay.End[" + (transport == null ? "not connected" : transport.peerAddress()) + "]";
    }
  }
}
