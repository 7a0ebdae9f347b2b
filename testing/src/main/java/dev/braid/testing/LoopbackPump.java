package dev.braid.testing;

import dev.braid.net.ConnectionDone;
import dev.braid.net.ConnectionLost;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory connection between a server protocol and a client protocol, made with {@link
 * Loopback#connect}: Twisted's {@code iosim} pump. Each side has a full {@link Transport}; what a
 * side writes waits in its transport until the test calls {@link #flush()} (or {@link
 * #pumpOnce()}), so the test decides when bytes travel and can look at both protocols in between.
 *
 * <h2>What the pump delivers</h2>
 *
 * <ul>
 *   <li><b>Bytes.</b> Everything one side wrote reaches the other side's {@code dataReceived} in
 *       one call per round (the writes joined), as a read-only buffer lent for the call.
 *   <li><b>Clean close.</b> After {@link Transport#loseConnection()}, once the closing side's
 *       written bytes were delivered (and its producer, if any, unregistered), both protocols get
 *       {@code connectionLost(ConnectionDone)}, the closing side first. Bytes still on their way
 *       the other way are dropped, as a closed socket drops them.
 *   <li><b>Abort.</b> After {@link Transport#abortConnection()} the next round drops everything
 *       buffered and gives both protocols {@code connectionLost(ConnectionLost)}.
 *   <li><b>Half-close.</b> After {@link Transport#loseWriteConnection()} and once its bytes were
 *       delivered, the side hears {@code writeConnectionLost()} (if it is a {@link
 *       HalfCloseableProtocol}) and the peer {@code readConnectionLost()}; a peer that is not
 *       half-closeable has the whole connection closed, as the real reactor does. When both
 *       directions are shut, both protocols get {@code connectionLost(ConnectionDone)}.
 *   <li><b>Pausing.</b> While a side's transport is paused ({@link Transport#pauseProducing()}),
 *       nothing is delivered to that side, neither bytes nor close events (except an abort); the
 *       peer's bytes stay buffered in the peer's transport, which pauses the peer's registered
 *       producer once they pass its high-water mark ({@link Transport#setWriteBufferWaterMarks}).
 *   <li><b>Errors.</b> An exception thrown by a protocol (or producer) callback is logged at ERROR
 *       through SLF4J (logger {@code dev.braid.testing.LoopbackPump}) and aborts that connection:
 *       the protocol that threw gets a {@link ConnectionLost} whose cause is the exception, the
 *       peer a {@link ConnectionLost} for a reset. In a {@link BraidTest}, expect it with {@code
 *       LoggedErrors.flush(TheException.class)}.
 * </ul>
 *
 * <p>Not thread-safe: the test's thread drives it, and the protocols run on that thread inside
 * {@link #flush()} and {@link #pumpOnce()}. Calling these from a protocol callback throws {@link
 * IllegalStateException}.
 */
public final class LoopbackPump {
  private static final Logger LOG = LoggerFactory.getLogger(LoopbackPump.class);

  /** {@link #flush()} gives up after this many rounds that all moved something. */
  public static final int MAX_FLUSH_ROUNDS = 10_000;

  private final LoopbackTransport server;
  private final LoopbackTransport client;
  private final Consumer<Throwable> onClientLost;
  private boolean pumping;
  private boolean closed;

  LoopbackPump(
      LoopbackTransport server, LoopbackTransport client, Consumer<Throwable> onClientLost) {
    this.server = server;
    this.client = client;
    this.onClientLost = onClientLost;
  }

  /** Starts the connection: {@code connectionMade} on the server protocol, then on the client. */
  void start() {
    guarded(server, "connectionMade", () -> server.protocol.connectionMade(server));
    guarded(client, "connectionMade", () -> client.protocol.connectionMade(client));
  }

  /** The server side's protocol. */
  public Protocol server() {
    return server.protocol;
  }

  /** The client side's protocol. */
  public Protocol client() {
    return client.protocol;
  }

  /** The transport the server protocol writes to. */
  public Transport serverTransport() {
    return server;
  }

  /** The transport the client protocol writes to. */
  public Transport clientTransport() {
    return client;
  }

  /** True once both protocols got {@code connectionLost}. */
  public boolean closed() {
    return closed;
  }

  /**
   * Runs rounds ({@link #pumpOnce()}) until one moves nothing: every byte and event that can be
   * delivered has been. Returns true if anything moved. Throws {@link IllegalStateException} if the
   * protocols still exchange data after {@link #MAX_FLUSH_ROUNDS} rounds (a conversation that never
   * ends; step through it with {@link #pumpOnce()}).
   */
  public boolean flush() {
    boolean moved = false;
    for (int round = 0; round < MAX_FLUSH_ROUNDS; round++) {
      if (!pumpOnce()) {
        return moved;
      }
      moved = true;
    }
    throw new IllegalStateException(
        "the protocols still exchange data after "
            + MAX_FLUSH_ROUNDS
            + " rounds; use pumpOnce() to step through a conversation that does not end");
  }

  /**
   * One round: delivers what the client wrote to the server, then what the server wrote to the
   * client (including bytes written during the round's first half), then closes and half-closes
   * whose bytes are all delivered. Returns true if anything was delivered.
   */
  public boolean pumpOnce() {
    if (pumping) {
      throw new IllegalStateException("the pump was called from a protocol callback it is running");
    }
    pumping = true;
    try {
      return round();
    } finally {
      pumping = false;
    }
  }

  private boolean round() {
    if (closed) {
      return false;
    }
    if (handleAbort()) {
      return true;
    }
    boolean moved = deliver(client, server);
    if (handleAbort()) {
      return true;
    }
    moved |= deliver(server, client);
    if (handleAbort()) {
      return true;
    }
    moved |= settle(client, server);
    if (handleAbort()) {
      return true;
    }
    moved |= settle(server, client);
    return handleAbort() || moved;
  }

  private boolean deliver(LoopbackTransport from, LoopbackTransport to) {
    if (closed || to.readPaused || from.outgoing.isEmpty()) {
      return false;
    }
    ByteBuffer data = from.takeOutgoing();
    guarded(to, "dataReceived", () -> to.protocol.dataReceived(data));
    guarded(from, "producer", from::drained);
    return true;
  }

  /** Delivers the close or half-close {@code side} asked for, once its bytes are delivered. */
  private boolean settle(LoopbackTransport side, LoopbackTransport other) {
    if (closed || other.readPaused || !side.outgoing.isEmpty()) {
      return false;
    }
    if (side.closeRequested && side.producer == null) {
      close(side, new ConnectionDone("connection closed by this side"), other, peerDone());
      return true;
    }
    if (side.writeShutRequested && !side.writeShut) {
      side.writeShut = true;
      if (side.protocol instanceof HalfCloseableProtocol half) {
        guarded(side, "writeConnectionLost", half::writeConnectionLost);
      }
      if (other.protocol instanceof HalfCloseableProtocol half) {
        other.readShut = true;
        guarded(other, "readConnectionLost", half::readConnectionLost);
        if (side.readShut && !closed && side.abortReason == null && other.abortReason == null) {
          close(side, new ConnectionDone("both directions shut"), other, peerDone());
        }
      } else {
        close(other, peerDone(), side, new ConnectionDone("connection closed by the peer"));
      }
      return true;
    }
    return false;
  }

  private static ConnectionDone peerDone() {
    return new ConnectionDone("connection closed by the peer");
  }

  private boolean handleAbort() {
    if (closed || (server.abortReason == null && client.abortReason == null)) {
      return false;
    }
    LoopbackTransport first = client.abortReason != null ? client : server;
    LoopbackTransport second = first == client ? server : client;
    Throwable secondReason =
        second.abortReason != null
            ? second.abortReason
            : new ConnectionLost("connection reset by peer", null);
    close(first, first.abortReason, second, secondReason);
    return true;
  }

  private void close(
      LoopbackTransport first,
      Throwable firstReason,
      LoopbackTransport second,
      Throwable secondReason) {
    closed = true;
    for (LoopbackTransport side : new LoopbackTransport[] {first, second}) {
      side.lost = true;
      side.outgoing.clear();
      side.buffered = 0;
    }
    lose(first, firstReason);
    lose(second, secondReason);
  }

  private void lose(LoopbackTransport side, Throwable reason) {
    side.takeProducer().ifPresent(p -> guarded(side, "stopProducing", p::stopProducing));
    guarded(side, "connectionLost", () -> side.protocol.connectionLost(reason));
    if (side == client) {
      guarded(side, "clientConnectionLost", () -> onClientLost.accept(reason));
    }
  }

  /**
   * Runs a callback of {@code side}'s protocol (or producer); an exception is logged and aborts the
   * connection, as the real reactor does.
   */
  private void guarded(LoopbackTransport side, String callback, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | Error e) {
      LOG.error(
          "Unhandled error in {} of {} ({} side); closing the connection",
          callback,
          side.protocol,
          side.side,
          e);
      if (!side.lost && side.abortReason == null) {
        side.abortReason = new ConnectionLost("protocol callback " + callback + " failed", e);
        side.outgoing.clear();
        side.buffered = 0;
      }
    }
  }

  @Override
  public String toString() {
    return "LoopbackPump[" + server.host + " <-> " + client.host + (closed ? ", closed]" : "]");
  }
}
