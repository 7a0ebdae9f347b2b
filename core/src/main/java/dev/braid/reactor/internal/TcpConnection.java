package dev.braid.reactor.internal;

import dev.braid.net.ConnectionDone;
import dev.braid.net.ConnectionLost;
import dev.braid.net.FileSending;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolSwitching;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP connection on the selector reactor: the {@link Transport} a protocol writes to, and the
 * selector handler that reads for it.
 *
 * <p><b>Reading.</b> On a read event the connection reads into the reactor's one direct read buffer
 * and lends the protocol a read-only view of it; nothing is allocated per read. Up to 16 reads per
 * event while the buffer fills, so one busy connection cannot starve the others.
 *
 * <p><b>Writing.</b> {@link #write} queues the given buffer (no copy) and marks the connection
 * dirty; after the current event the reactor calls {@link #flush}, which sends the queue with one
 * gathering write. What the socket does not take stays queued (still without copying) and the
 * connection waits for a write event.
 *
 * <p>State lives in plain fields: only the reactor thread touches a connection.
 */
class TcpConnection implements Transport, ProtocolSwitching, ChannelHandler, FileSending {
  private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
  private static final int READS_PER_EVENT = 16;

  private final SelectorReactor reactor;
  private final SocketChannel channel;
  private Protocol protocol;
  private final SocketAddress peer;
  private final TcpConnector connector;
  private SelectionKey key;
  private int interest;

  private ByteBuffer[] queue;
  private int queueHead;
  private int queueSize;
  private long buffered;
  private boolean dirty;

  private Producer producer;
  private boolean producerPaused;
  private int lowWater = WaterMarks.DEFAULT_LOW;
  private int highWater = WaterMarks.DEFAULT_HIGH;

  private boolean readingPaused;
  private boolean readShut;
  private boolean disconnecting;
  private boolean writeDisconnecting;
  private boolean writeShut;
  private boolean closed;

  TcpConnection(
      SelectorReactor reactor,
      SocketChannel channel,
      Protocol protocol,
      SocketAddress peer,
      TcpConnector connector) {
    this.reactor = reactor;
    this.channel = channel;
    this.protocol = protocol;
    this.peer = peer;
    this.connector = connector;
  }

  /**
   * Registers an established channel with the reactor and tells the protocol. {@code key} is the
   * channel's existing key (a client's, registered for connect) or null (accepted).
   */
  static TcpConnection start(
      SelectorReactor reactor,
      SocketChannel channel,
      Protocol protocol,
      SocketAddress peer,
      TcpConnector connector) {
    TcpConnection connection =
        peer instanceof java.net.UnixDomainSocketAddress
            ? new UnixConnection(reactor, channel, protocol, peer, connector)
            : new TcpConnection(reactor, channel, protocol, peer, connector);
    try {
      SelectionKey existing = channel.keyFor(reactor.selector());
      if (existing != null) {
        existing.attach(connection);
        existing.interestOps(SelectionKey.OP_READ);
        connection.key = existing;
      } else {
        connection.key = channel.register(reactor.selector(), SelectionKey.OP_READ, connection);
      }
      connection.interest = SelectionKey.OP_READ;
    } catch (IOException e) {
      LOG.debug("registering a connection with {} failed", peer, e);
      TcpListeningPort.closeQuietly(channel);
      return null;
    }
    try {
      protocol.connectionMade(connection);
    } catch (Throwable e) {
      connection.protocolFailed("connectionMade", e);
    }
    return connection;
  }

  /** The connection's channel (for subclasses that read socket options). */
  final SocketChannel channel() {
    return channel;
  }

  @Override
  public void switchProtocol(Protocol next) {
    protocol = java.util.Objects.requireNonNull(next, "next");
  }

  // ------------------------------------------------------------------ events

  @Override
  public void ready(SelectionKey key) {
    int ready = key.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && !closed) {
      read();
    }
  }

  private void read() {
    ByteBuffer buffer = reactor.readBuffer;
    ByteBuffer view = reactor.readView;
    for (int i = 0; i < READS_PER_EVENT; i++) {
      int n;
      buffer.clear();
      try {
        n = channel.read(buffer);
      } catch (IOException e) {
        close(new ConnectionLost("Connection lost: " + e.getMessage(), e));
        return;
      }
      if (n > 0) {
        view.clear().limit(n);
        try {
          protocol.dataReceived(view);
        } catch (Throwable e) {
          protocolFailed("dataReceived", e);
          return;
        }
        if (closed || readingPaused || disconnecting || n < buffer.capacity()) {
          return;
        }
      } else if (n < 0) {
        readEof();
        return;
      } else {
        return;
      }
    }
  }

  private void readEof() {
    if (protocol instanceof HalfCloseableProtocol halfCloseable) {
      readShut = true;
      setInterest(interest & ~SelectionKey.OP_READ);
      try {
        halfCloseable.readConnectionLost();
      } catch (Throwable e) {
        protocolFailed("readConnectionLost", e);
        return;
      }
      if (writeShut && !closed) {
        close(new ConnectionDone("Connection was closed cleanly."));
      }
    } else {
      close(new ConnectionDone("Connection was closed cleanly by the peer."));
    }
  }

  private void protocolFailed(String callback, Throwable error) {
    LOG.error(
        "Unhandled error in {}.{} for connection with {}; closing the connection",
        protocol.getClass().getName(),
        callback,
        peer,
        error);
    close(new ConnectionLost("Connection closed after an error in " + callback, error));
  }

  /** The reactor that owns this connection (used by the reactor group's {@code ownerOf}). */
  SelectorReactor reactor() {
    return reactor;
  }

  @Override
  public void reactorStopping() {
    if (!closed) {
      flush();
      close(new ConnectionLost("Connection closed: the reactor stopped", null));
    }
  }

  // ------------------------------------------------------------------ writing

  @Override
  public void write(ByteBuffer data) {
    if (closed || writeShut || !data.hasRemaining()) {
      return;
    }
    enqueue(data);
    afterWrite();
  }

  /**
   * Sends straight from {@code data} when nothing is queued (so the bytes go out in order), and
   * queues a copy of what the socket did not take. An I/O error here is left for {@link #flush},
   * which closes the connection, so that a protocol's callback is never re-entered from its own
   * write.
   */
  @Override
  public void writeCopy(ByteBuffer data) {
    if (closed || writeShut || !data.hasRemaining()) {
      data.position(data.limit());
      return;
    }
    if (queueSize == 0) {
      try {
        channel.write(data);
      } catch (IOException e) {
        LOG.debug("write to {} failed; the flush will close the connection", peer, e);
      }
      if (!data.hasRemaining()) {
        return;
      }
    }
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    enqueue(copy.put(data).flip());
    afterWrite();
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    if (closed || writeShut) {
      return;
    }
    for (int i = 0; i < data.size(); i++) {
      ByteBuffer b = data.get(i);
      if (b.hasRemaining()) {
        enqueue(b);
      }
    }
    afterWrite();
  }

  /**
   * Zero-copy send: only with nothing queued (so the bytes stay in order). When the socket took
   * less than asked it is full: ask for write readiness, so the flush asks the pull producer again.
   */
  @Override
  public long sendFile(FileChannel file, long position, long count) {
    if (closed || writeShut || queueSize > 0 || count <= 0) {
      return 0;
    }
    long sent;
    try {
      sent = file.transferTo(position, count, channel);
    } catch (IOException e) {
      LOG.debug("sendfile to {} failed; closing", peer, e);
      close(new ConnectionLost("Connection lost while sending a file: " + e.getMessage(), e));
      return 0;
    }
    if (sent < count) {
      setInterest(interest | SelectionKey.OP_WRITE);
    }
    return sent;
  }

  private void enqueue(ByteBuffer data) {
    ByteBuffer[] q = queue;
    if (q == null) {
      q = queue = new ByteBuffer[4];
    } else if (queueHead + queueSize == q.length) {
      if (queueHead > 0) {
        System.arraycopy(q, queueHead, q, 0, queueSize);
        Arrays.fill(q, queueSize, queueHead + queueSize, null);
      } else {
        q = queue = Arrays.copyOf(q, q.length * 2);
      }
      queueHead = 0;
    }
    q[queueHead + queueSize++] = data;
    buffered += data.remaining();
  }

  private void afterWrite() {
    if (!dirty) {
      dirty = true;
      reactor.markDirty(this);
    }
    if (producer instanceof PushProducer push && !producerPaused && buffered > highWater) {
      producerPaused = true;
      push.pauseProducing();
    }
  }

  /** Sends what is queued; called by the reactor after each event and on write readiness. */
  void flush() {
    dirty = false;
    if (closed) {
      return;
    }
    while (true) {
      if (queueSize > 0 && !writeToSocket()) {
        return;
      }
      if (queueSize > 0) {
        setInterest(interest | SelectionKey.OP_WRITE);
        maybeResumeProducer();
        return;
      }
      setInterest(interest & ~SelectionKey.OP_WRITE);
      if (producer instanceof PullProducer pull) {
        pull.resumeProducing();
        if (queueSize > 0) {
          continue;
        }
        return;
      }
      if (producer instanceof PushProducer push && producerPaused) {
        producerPaused = false;
        push.resumeProducing();
        if (queueSize > 0) {
          continue;
        }
      }
      if (disconnecting) {
        close(new ConnectionDone("Connection was closed cleanly."));
        return;
      }
      if (writeDisconnecting && !writeShut) {
        shutOutput();
      }
      return;
    }
  }

  /** One gathering write. Returns false when the connection failed (and is closed). */
  private boolean writeToSocket() {
    long written;
    try {
      if (queueSize == 1) {
        written = channel.write(queue[queueHead]);
      } else {
        written = channel.write(queue, queueHead, queueSize);
      }
    } catch (IOException e) {
      close(new ConnectionLost("Connection lost while writing: " + e.getMessage(), e));
      return false;
    }
    buffered -= written;
    ByteBuffer[] q = queue;
    while (queueSize > 0 && !q[queueHead].hasRemaining()) {
      q[queueHead++] = null;
      queueSize--;
    }
    if (queueSize == 0) {
      queueHead = 0;
    }
    return true;
  }

  private void maybeResumeProducer() {
    if (producer instanceof PushProducer push && producerPaused && buffered <= lowWater) {
      producerPaused = false;
      push.resumeProducing();
    }
  }

  private void shutOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      close(new ConnectionLost("Connection lost while shutting output: " + e.getMessage(), e));
      return;
    }
    writeShut = true;
    if (protocol instanceof HalfCloseableProtocol halfCloseable) {
      try {
        halfCloseable.writeConnectionLost();
      } catch (Throwable e) {
        protocolFailed("writeConnectionLost", e);
        return;
      }
    }
    if (readShut && !closed) {
      close(new ConnectionDone("Connection was closed cleanly."));
    }
  }

  private void setInterest(int ops) {
    if (ops != interest && !closed) {
      interest = ops;
      key.interestOps(ops);
    }
  }

  private void markDirty() {
    if (!dirty) {
      dirty = true;
      reactor.markDirty(this);
    }
  }

  // ------------------------------------------------------------------ closing

  @Override
  public void loseConnection() {
    if (closed || disconnecting) {
      return;
    }
    disconnecting = true;
    setInterest(interest & ~SelectionKey.OP_READ);
    markDirty();
  }

  @Override
  public void abortConnection() {
    close(new ConnectionLost("Connection was aborted.", null));
  }

  @Override
  public void loseWriteConnection() {
    if (closed || disconnecting || writeDisconnecting) {
      return;
    }
    writeDisconnecting = true;
    markDirty();
  }

  @Override
  public boolean disconnecting() {
    return disconnecting || closed;
  }

  private void close(Throwable reason) {
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    TcpListeningPort.closeQuietly(channel);
    queue = null;
    queueSize = 0;
    buffered = 0;
    Producer p = producer;
    producer = null;
    if (p != null) {
      try {
        p.stopProducing();
      } catch (Throwable e) {
        LOG.error("stopProducing failed on connection close", e);
      }
    }
    try {
      protocol.connectionLost(reason);
    } catch (Throwable e) {
      LOG.error(
          "Unhandled error in {}.connectionLost for connection with {}",
          protocol.getClass().getName(),
          peer,
          e);
    }
    if (connector != null) {
      connector.connectionClosed(reason);
    }
  }

  // ------------------------------------------------------------------ producers and options

  @Override
  public void registerProducer(Producer p) {
    if (producer != null) {
      throw new IllegalStateException(
          "a producer is already registered with this transport: " + producer);
    }
    if (closed) {
      p.stopProducing();
      return;
    }
    producer = p;
    producerPaused = false;
    if (p instanceof PullProducer pull) {
      if (queueSize == 0) {
        pull.resumeProducing();
      }
    } else if (p instanceof PushProducer push && buffered > highWater) {
      producerPaused = true;
      push.pauseProducing();
    }
  }

  @Override
  public void unregisterProducer() {
    producer = null;
    producerPaused = false;
    if (disconnecting) {
      markDirty();
    }
  }

  @Override
  public void pauseProducing() {
    readingPaused = true;
    setInterest(interest & ~SelectionKey.OP_READ);
  }

  @Override
  public void resumeProducing() {
    readingPaused = false;
    if (!readShut && !disconnecting) {
      setInterest(interest | SelectionKey.OP_READ);
    }
  }

  @Override
  public void stopProducing() {
    abortConnection();
  }

  @Override
  public long bufferedBytes() {
    return buffered;
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    WaterMarks marks = new WaterMarks(low, high);
    lowWater = marks.low();
    highWater = marks.high();
  }

  @Override
  public SocketAddress peerAddress() {
    return peer;
  }

  @Override
  public SocketAddress hostAddress() {
    try {
      return channel.getLocalAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    try {
      channel.setOption(option, value);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set " + option.name(), e);
    }
  }

  @Override
  public String toString() {
    return "TcpConnection[peer=" + peer + (closed ? ", closed" : "") + "]";
  }
}
