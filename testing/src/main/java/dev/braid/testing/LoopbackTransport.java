package dev.braid.testing;

import dev.braid.net.ConnectionLost;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One end of a {@link LoopbackPump} connection. It only records what its protocol asks for (bytes
 * to send, a close, a pause); the pump moves bytes and delivers events. Test thread only.
 *
 * <p>Buffers given to {@link #write} are kept as they are (no copy) until the pump hands them to
 * the peer as a read-only view.
 */
final class LoopbackTransport implements Transport {
  static final int DEFAULT_LOW_WATER_MARK = WaterMarks.DEFAULT_LOW;
  static final int DEFAULT_HIGH_WATER_MARK = WaterMarks.DEFAULT_HIGH;

  private static final Set<SocketOption<?>> DATAGRAM_ONLY =
      Set.of(
          StandardSocketOptions.SO_BROADCAST,
          StandardSocketOptions.IP_MULTICAST_IF,
          StandardSocketOptions.IP_MULTICAST_LOOP,
          StandardSocketOptions.IP_MULTICAST_TTL);

  final String side;
  final InetSocketAddress host;
  final InetSocketAddress peer;
  Protocol protocol;

  final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>();
  long buffered;
  private int lowWaterMark = DEFAULT_LOW_WATER_MARK;
  private int highWaterMark = DEFAULT_HIGH_WATER_MARK;

  Producer producer;
  private boolean producerPaused;

  boolean readPaused;
  boolean closeRequested;
  boolean writeShutRequested;
  boolean writeShut;
  boolean readShut;
  ConnectionLost abortReason;
  boolean lost;

  private final Map<SocketOption<?>, Object> options = new HashMap<>();

  LoopbackTransport(String side, InetSocketAddress host, InetSocketAddress peer) {
    this.side = side;
    this.host = host;
    this.peer = peer;
  }

  @Override
  public void write(ByteBuffer data) {
    if (lost || closeRequested || writeShutRequested || abortReason != null) {
      return; // thrown over the wall: a closing transport drops further writes
    }
    if (!data.hasRemaining()) {
      return;
    }
    outgoing.add(data);
    buffered += data.remaining();
    if (producer instanceof PushProducer push && !producerPaused && buffered > highWaterMark) {
      producerPaused = true;
      push.pauseProducing();
    }
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    for (ByteBuffer buffer : data) {
      write(buffer);
    }
  }

  @Override
  public void loseConnection() {
    if (!lost) {
      closeRequested = true;
    }
  }

  @Override
  public void abortConnection() {
    if (lost || abortReason != null) {
      return;
    }
    abortReason = new ConnectionLost("connection aborted by this side", null);
    outgoing.clear();
    buffered = 0;
  }

  @Override
  public void loseWriteConnection() {
    if (!lost) {
      writeShutRequested = true;
    }
  }

  @Override
  public boolean disconnecting() {
    return closeRequested || abortReason != null || lost;
  }

  @Override
  public long bufferedBytes() {
    return buffered;
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    WaterMarks marks = new WaterMarks(low, high);
    lowWaterMark = marks.low();
    highWaterMark = marks.high();
    if (producer instanceof PushProducer push) {
      if (!producerPaused && buffered > highWaterMark) {
        producerPaused = true;
        push.pauseProducing();
      } else if (producerPaused && buffered <= lowWaterMark) {
        producerPaused = false;
        push.resumeProducing();
      }
    }
  }

  @Override
  public SocketAddress peerAddress() {
    return peer;
  }

  @Override
  public SocketAddress hostAddress() {
    return host;
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    if (DATAGRAM_ONLY.contains(option)) {
      throw new UnsupportedOperationException(option.name() + " is not an option of a TCP socket");
    }
    if (!option.type().isInstance(value)) {
      throw new IllegalArgumentException(
          option.name() + " takes a " + option.type().getSimpleName() + ", got " + value);
    }
    options.put(option, value);
  }

  /** The value last set for {@code option}, if any. */
  <T> Optional<T> option(SocketOption<T> option) {
    return Optional.ofNullable(option.type().cast(options.get(option)));
  }

  @Override
  public void registerProducer(Producer producer) {
    if (this.producer != null) {
      throw new IllegalStateException(
          "a producer is already registered with this transport: " + this.producer);
    }
    if (lost || abortReason != null) {
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    producerPaused = false;
    switch (producer) {
      case PushProducer push -> {
        if (buffered > highWaterMark) {
          producerPaused = true;
          push.pauseProducing();
        }
      }
      case PullProducer pull -> pull.resumeProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    producer = null;
    producerPaused = false;
  }

  @Override
  public void pauseProducing() {
    readPaused = true;
  }

  @Override
  public void resumeProducing() {
    readPaused = false;
  }

  @Override
  public void stopProducing() {
    abortConnection();
  }

  /** Takes everything written and not yet delivered, as one read-only buffer. */
  ByteBuffer takeOutgoing() {
    ByteBuffer data;
    if (outgoing.size() == 1) {
      data = outgoing.poll().asReadOnlyBuffer();
    } else {
      ByteBuffer joined = ByteBuffer.allocate(Math.toIntExact(buffered));
      for (ByteBuffer part; (part = outgoing.poll()) != null; ) {
        joined.put(part);
      }
      data = joined.flip().asReadOnlyBuffer();
    }
    buffered = 0;
    return data;
  }

  /** The write buffer drained: lets the registered producer go on, as the water marks say. */
  void drained() {
    if (buffered > lowWaterMark) {
      return;
    }
    switch (producer) {
      case PushProducer push when producerPaused -> {
        producerPaused = false;
        push.resumeProducing();
      }
      case PullProducer pull -> pull.resumeProducing();
      case null, default -> {}
    }
  }

  /** Forgets the producer after telling it to stop for good (the connection closed). */
  Optional<Producer> takeProducer() {
    Optional<Producer> p = Optional.ofNullable(producer);
    producer = null;
    producerPaused = false;
    return p;
  }

  @Override
  public String toString() {
    return "LoopbackTransport[" + side + " " + host + " -> " + peer + "]";
  }
}
