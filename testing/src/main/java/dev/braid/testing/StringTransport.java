package dev.braid.testing;

import dev.braid.bytes.ByteString;
import dev.braid.net.ConnectionDone;
import dev.braid.net.ConnectionLost;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link Transport} that records what a protocol does to it, for tests without sockets (Twisted's
 * {@code proto_helpers.StringTransport}). Everything written is kept ({@link #written()}); closing,
 * half-closing, pausing and socket options only set flags the test reads back; the test plays the
 * network's part by hand: {@link #receive} delivers bytes, {@link #fillWriteBuffer()} and {@link
 * #drainWriteBuffer()} play a slow and a fast peer, {@link #reportDisconnect()} ends the
 * connection.
 *
 * <pre>{@code
 * var transport = new StringTransport();
 * var protocol = new Echo();
 * transport.makeConnection(protocol);          // protocol.connectionMade(transport)
 * transport.receive("hello");                  // protocol.dataReceived(...)
 * assertThat(transport.writtenUtf8()).isEqualTo("hello");
 * }</pre>
 *
 * <p><b>What it keeps of the contract.</b> Writes after {@link #loseConnection()}, {@link
 * #abortConnection()}, {@link #loseWriteConnection()} or {@link #reportDisconnect()} are dropped,
 * as a real transport drops them (they are counted in {@link #droppedBytes()}). Registering a
 * second producer throws; a {@link PullProducer} is asked for a chunk when it is registered and
 * each time the write buffer drains; a {@link PushProducer} is paused when the buffer goes above
 * the high-water mark and resumed when it drains to the low-water mark or below; a producer
 * registered after the connection was lost is stopped at once. By default every write is "sent" at
 * once, so the buffer only moves when the test moves it ({@link #setBufferedBytes}); {@link
 * #setPeerStalled(boolean)} makes writes pile up in the buffer instead, as with a peer that does
 * not read.
 *
 * <p><b>Buffers.</b> A buffer given to {@code write} is consumed and copied into the record; the
 * buffer lent to the protocol by {@link #receive} is a read-only view that is overwritten with
 * garbage as soon as {@code dataReceived} returns, so a protocol that keeps lent bytes without
 * copying them fails its test.
 *
 * <p>Not thread-safe: the test's thread drives it (it stands in for the reactor thread).
 */
public final class StringTransport implements Transport {
  /** What this transport last told its registered producer to do. */
  public enum ProducerState {
    /** Registered and not paused (a pull producer: waiting to be asked for the next chunk). */
    PRODUCING,
    /** Paused because the write buffer went above the high-water mark (push producers only). */
    PAUSED,
    /** Stopped for good because the connection was lost. */
    STOPPED
  }

  /** The default high-water mark of the write buffer, as for real transports (64 KiB). */
  public static final int DEFAULT_HIGH_WATER_MARK = WaterMarks.DEFAULT_HIGH;

  /** The default low-water mark of the write buffer, as for real transports (32 KiB). */
  public static final int DEFAULT_LOW_WATER_MARK = WaterMarks.DEFAULT_LOW;

  private static final byte POISON = (byte) 0xEE;
  private static final int LENT_PADDING = 3;

  private byte[] written = new byte[256];
  private int writtenLength;
  private final List<ByteString> writes = new ArrayList<>();
  private long droppedBytes;

  private boolean disconnecting;
  private boolean aborted;
  private boolean writeConnectionLost;
  private boolean connectionLost;
  private boolean readingPaused;

  private SocketAddress peerAddress = loopback(54321);
  private SocketAddress hostAddress = loopback(12345);
  private final Map<SocketOption<?>, Object> options = new LinkedHashMap<>();

  private int lowWaterMark = DEFAULT_LOW_WATER_MARK;
  private int highWaterMark = DEFAULT_HIGH_WATER_MARK;
  private long bufferedBytes;
  private boolean peerStalled;

  private Producer producer;
  private Producer lastProducer;
  private ProducerState producerState;

  private Protocol protocol;

  /** A connected transport between 127.0.0.1:12345 (this side) and 127.0.0.1:54321 (the peer). */
  public StringTransport() {}

  // ---------------------------------------------------------------- driving a protocol

  /**
   * Attaches {@code protocol} to this transport and calls its {@link Protocol#connectionMade}.
   * {@link #receive} and {@link #reportDisconnect()} then talk to it.
   */
  public void makeConnection(Protocol protocol) {
    if (this.protocol != null) {
      throw new IllegalStateException("a protocol is already attached to this transport");
    }
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    protocol.connectionMade(this);
  }

  /** The protocol attached by {@link #makeConnection}, if any. */
  public Optional<Protocol> protocol() {
    return Optional.ofNullable(protocol);
  }

  /**
   * Delivers {@code data} to the attached protocol's {@link Protocol#dataReceived} as one chunk,
   * lent as a real transport lends it: a read-only view (not at position 0) that is overwritten as
   * soon as the call returns. Empty data is not delivered (real transports never deliver nothing).
   * Delivers even while reading is paused or the transport is closing (a test that wants to check
   * what a protocol does with late bytes can); throws {@link IllegalStateException} after {@link
   * #reportDisconnect()}, since no event follows {@code connectionLost}.
   */
  public void receive(ByteString data) {
    Protocol target = attached();
    if (connectionLost) {
      throw new IllegalStateException("the connection was lost; no more data can be received");
    }
    if (data.isEmpty()) {
      return;
    }
    try {
      lend(data, target::dataReceived);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("dataReceived cannot throw a checked exception", e);
    }
  }

  /** Delivers the UTF-8 encoding of {@code text}, as {@link #receive(ByteString)}. */
  public void receive(String text) {
    receive(ByteString.utf8(text));
  }

  /**
   * Ends the connection as the network would: the registered producer (if any) is stopped and
   * forgotten, later writes are dropped, and the attached protocol (if any) hears {@link
   * Protocol#connectionLost} with a {@link ConnectionLost} if {@link #abortConnection()} was called
   * and a {@link ConnectionDone} otherwise. Calling it twice throws {@link IllegalStateException}.
   */
  public void reportDisconnect() {
    reportDisconnect(
        aborted
            ? new ConnectionLost("connection aborted", null)
            : new ConnectionDone("connection closed"));
  }

  /** As {@link #reportDisconnect()}, telling the protocol {@code reason}. */
  public void reportDisconnect(Throwable reason) {
    Objects.requireNonNull(reason, "reason");
    if (connectionLost) {
      throw new IllegalStateException("the connection was already reported lost");
    }
    connectionLost = true;
    disconnecting = true;
    Producer stopping = producer;
    producer = null;
    if (stopping != null) {
      producerState = ProducerState.STOPPED;
      stopping.stopProducing();
    }
    if (protocol != null) {
      protocol.connectionLost(reason);
    }
  }

  /** True once {@link #reportDisconnect()} was called. */
  public boolean connectionLost() {
    return connectionLost;
  }

  // ---------------------------------------------------------------- what was written

  /** Everything written and not dropped since creation or the last {@link #clear()}. */
  public ByteString written() {
    return ByteString.of(written, 0, writtenLength);
  }

  /** {@link #written()} decoded as UTF-8. */
  public String writtenUtf8() {
    return new String(written, 0, writtenLength, StandardCharsets.UTF_8);
  }

  /**
   * Each write since the last {@link #clear()}, one entry per {@code write} call and per buffer of
   * a {@code writeSequence}, in order.
   */
  public List<ByteString> writes() {
    return List.copyOf(writes);
  }

  /** Forgets what was written (flags, producer and buffer state are kept). */
  public void clear() {
    writtenLength = 0;
    writes.clear();
  }

  /** The number of bytes written after the transport was closed (or half-closed) and dropped. */
  public long droppedBytes() {
    return droppedBytes;
  }

  @Override
  public void write(ByteBuffer data) {
    int n = data.remaining();
    if (disconnecting || writeConnectionLost) {
      data.position(data.limit());
      droppedBytes += n;
      return;
    }
    if (writtenLength + n > written.length) {
      written = Arrays.copyOf(written, Math.max(written.length * 2, writtenLength + n));
    }
    data.get(written, writtenLength, n);
    writes.add(ByteString.of(written, writtenLength, n));
    writtenLength += n;
    if (peerStalled) {
      setBufferedBytes(bufferedBytes + n);
    }
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    for (ByteBuffer buffer : data) {
      write(buffer);
    }
  }

  // ---------------------------------------------------------------- closing

  @Override
  public void loseConnection() {
    disconnecting = true;
  }

  /** Like {@link #loseConnection()}, and sets {@link #aborted()}. */
  @Override
  public void abortConnection() {
    aborted = true;
    disconnecting = true;
  }

  @Override
  public void loseWriteConnection() {
    writeConnectionLost = true;
  }

  @Override
  public boolean disconnecting() {
    return disconnecting;
  }

  /** True once {@link #abortConnection()} (or {@link #stopProducing()}) was called. */
  public boolean aborted() {
    return aborted;
  }

  /** True once {@link #loseWriteConnection()} was called. */
  public boolean writeConnectionLost() {
    return writeConnectionLost;
  }

  // ---------------------------------------------------------------- reading (the transport as
  // producer)

  /** Pauses reading: {@link #readingPaused()} becomes true. */
  @Override
  public void pauseProducing() {
    readingPaused = true;
  }

  /** Resumes reading: {@link #readingPaused()} becomes false. */
  @Override
  public void resumeProducing() {
    readingPaused = false;
  }

  /** Same as {@link #abortConnection()}. */
  @Override
  public void stopProducing() {
    abortConnection();
  }

  /** True while the protocol has paused reading ({@link #pauseProducing()}). */
  public boolean readingPaused() {
    return readingPaused;
  }

  // ---------------------------------------------------------------- producers and the write buffer

  @Override
  public void registerProducer(Producer producer) {
    Objects.requireNonNull(producer, "producer");
    if (this.producer != null) {
      throw new IllegalStateException(
          "a producer is already registered (" + this.producer + "); unregister it first");
    }
    lastProducer = producer;
    if (connectionLost) {
      producerState = ProducerState.STOPPED;
      producer.stopProducing();
      return;
    }
    this.producer = producer;
    producerState = ProducerState.PRODUCING;
    switch (producer) {
      case PushProducer push -> {
        if (bufferedBytes > highWaterMark) {
          producerState = ProducerState.PAUSED;
          push.pauseProducing();
        }
      }
      case PullProducer pull -> pull.resumeProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    producer = null;
  }

  /** The producer registered now, if any. */
  public Optional<Producer> producer() {
    return Optional.ofNullable(producer);
  }

  /**
   * True when the registered producer is a {@link PushProducer} (Twisted's "streaming"); throws
   * {@link IllegalStateException} when none is registered.
   */
  public boolean producerStreaming() {
    if (producer == null) {
      throw new IllegalStateException("no producer is registered");
    }
    return producer instanceof PushProducer;
  }

  /**
   * What this transport last told the most recently registered producer (kept after it unregisters,
   * so a test can check that a lost connection stopped it). Throws {@link IllegalStateException}
   * when no producer was ever registered.
   */
  public ProducerState producerState() {
    if (lastProducer == null) {
      throw new IllegalStateException("no producer was ever registered");
    }
    return producerState;
  }

  /**
   * Sets the number of bytes the transport pretends to hold unsent, and reacts as a real transport
   * does when the buffer crosses a water mark: going above the high-water mark pauses a producing
   * push producer; going to the low-water mark or below resumes a paused push producer, and asks a
   * pull producer for its next chunk.
   */
  public void setBufferedBytes(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("buffered bytes cannot be negative: " + bytes);
    }
    bufferedBytes = bytes;
    if (producer == null) {
      return;
    }
    if (bytes > highWaterMark) {
      if (producer instanceof PushProducer push && producerState == ProducerState.PRODUCING) {
        producerState = ProducerState.PAUSED;
        push.pauseProducing();
      }
    } else if (bytes <= lowWaterMark) {
      switch (producer) {
        case PushProducer push -> {
          if (producerState == ProducerState.PAUSED) {
            producerState = ProducerState.PRODUCING;
            push.resumeProducing();
          }
        }
        case PullProducer pull -> pull.resumeProducing();
      }
    }
  }

  /** Pretends the peer stopped reading: the buffer goes one byte above the high-water mark. */
  public void fillWriteBuffer() {
    setBufferedBytes((long) highWaterMark + 1);
  }

  /**
   * Pretends everything buffered was sent: the buffer goes to zero (see {@link #setBufferedBytes}).
   */
  public void drainWriteBuffer() {
    setBufferedBytes(0);
  }

  /**
   * While {@code stalled}, each write adds its size to {@link #bufferedBytes()} (the bytes are
   * still recorded in {@link #written()}), so a push producer is paused as soon as it writes past
   * the high-water mark, as with a peer that stopped reading. {@link #drainWriteBuffer()} plays the
   * peer catching up.
   */
  public void setPeerStalled(boolean stalled) {
    this.peerStalled = stalled;
  }

  @Override
  public long bufferedBytes() {
    return bufferedBytes;
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    WaterMarks marks = new WaterMarks(low, high);
    lowWaterMark = marks.low();
    highWaterMark = marks.high();
  }

  /** The low-water mark (default {@value #DEFAULT_LOW_WATER_MARK}). */
  public int lowWaterMark() {
    return lowWaterMark;
  }

  /** The high-water mark (default {@value #DEFAULT_HIGH_WATER_MARK}). */
  public int highWaterMark() {
    return highWaterMark;
  }

  // ---------------------------------------------------------------- addresses and options

  @Override
  public SocketAddress peerAddress() {
    return peerAddress;
  }

  @Override
  public SocketAddress hostAddress() {
    return hostAddress;
  }

  /** Sets what {@link #peerAddress()} returns. */
  public void setPeerAddress(SocketAddress address) {
    peerAddress = Objects.requireNonNull(address, "address");
  }

  /** Sets what {@link #hostAddress()} returns. */
  public void setHostAddress(SocketAddress address) {
    hostAddress = Objects.requireNonNull(address, "address");
  }

  /** Records the option (every option is accepted). */
  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    options.put(Objects.requireNonNull(option, "option"), Objects.requireNonNull(value, "value"));
  }

  /** The value last set for {@code option}, if it was set. */
  public <T> Optional<T> option(SocketOption<T> option) {
    return Optional.ofNullable(option.type().cast(options.get(option)));
  }

  /** Every option set, in the order first set. */
  public Map<SocketOption<?>, Object> options() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  @Override
  public String toString() {
    return "StringTransport[written="
        + writtenLength
        + ", disconnecting="
        + disconnecting
        + ", readingPaused="
        + readingPaused
        + "]";
  }

  // ---------------------------------------------------------------- helpers

  private Protocol attached() {
    if (protocol == null) {
      throw new IllegalStateException("no protocol attached: call makeConnection(protocol) first");
    }
    return protocol;
  }

  /** Receives a chunk lent by {@link #lend}; may throw anything the code under test throws. */
  @FunctionalInterface
  interface LentChunkSink {
    void accept(ByteBuffer chunk) throws Exception;
  }

  /**
   * Lends {@code chunk} to {@code sink} the way the reactor lends its read buffer: a read-only view
   * whose position is not 0, over memory that is overwritten with garbage when the call returns.
   */
  static void lend(ByteString chunk, LentChunkSink sink) throws Exception {
    ByteBuffer scratch = ByteBuffer.allocate(chunk.size() + 2 * LENT_PADDING);
    Arrays.fill(scratch.array(), POISON);
    scratch.position(LENT_PADDING);
    chunk.writeTo(scratch);
    ByteBuffer view =
        scratch.asReadOnlyBuffer().position(LENT_PADDING).limit(LENT_PADDING + chunk.size());
    try {
      sink.accept(view);
    } finally {
      Arrays.fill(scratch.array(), POISON);
    }
  }

  private static SocketAddress loopback(int port) {
    try {
      return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a 4-byte address is always valid", e);
    }
  }
}
