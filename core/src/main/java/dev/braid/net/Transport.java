package dev.braid.net;

import dev.braid.bytes.ByteString;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One end of a connection, as a protocol sees it: write bytes, close, ask who is on the other side.
 * Calls are "thrown over the wall": {@code write} never blocks and never fails; if the connection
 * is gone the bytes are dropped and {@link Protocol#connectionLost} tells why.
 *
 * <p><b>Threads.</b> Only the reactor thread that owns the connection may call these methods (from
 * another thread, go through {@code reactor.callFromThread}).
 *
 * <p><b>Buffers.</b> A buffer passed to {@link #write} is <em>given</em> to the transport: the
 * caller must not touch it again. The transport writes it straight to the socket when it can and
 * keeps (without copying) only what the socket did not take.
 *
 * <p><b>Flow control.</b> A transport is a {@link Consumer}: register a producer and it is paused
 * above the high-water mark of buffered bytes (default 64 KiB) and resumed below the low-water mark
 * (default 32 KiB). A transport is also a {@link PushProducer} of what it reads: {@link
 * #pauseProducing()} stops reading from the socket until {@link #resumeProducing()}.
 */
public interface Transport extends Consumer, PushProducer {
  /**
   * Gives {@code data} to the transport to send, in order after everything written before. Bytes
   * written after the connection closed (or after its writing side shut) are dropped.
   */
  @Override
  void write(ByteBuffer data);

  /**
   * Writes the bytes of {@code data}, a buffer the caller keeps (such as the one lent to {@link
   * Protocol#dataReceived}): it reads {@code data} up to its limit (advancing its position) and
   * does not refer to it after returning. Use it instead of copying into a new buffer and calling
   * {@link #write(ByteBuffer)}: a socket transport with nothing queued sends straight from {@code
   * data} and copies only what the socket did not take, so an echo or a proxy costs no copy while
   * the peer keeps up. Unlike {@code write}, each call may cost its own system call: write several
   * pieces of one message with {@code write}.
   *
   * <p>This default copies {@code data} into a new heap buffer and gives that to {@link
   * #write(ByteBuffer)}.
   */
  default void writeCopy(ByteBuffer data) {
    ByteBuffer copy = ByteBuffer.allocate(data.remaining());
    write(copy.put(data).flip());
  }

  /** Writes the bytes of {@code data} (which the caller must not change again). */
  default void write(byte[] data) {
    write(ByteBuffer.wrap(data));
  }

  /** Writes the bytes of {@code data}. */
  default void write(ByteString data) {
    write(data.asByteBuffer());
  }

  /** Writes {@code text} encoded as UTF-8. */
  default void write(String text) {
    write(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes several buffers in order, as one gathering write when the socket takes them. Each buffer
   * is given to the transport as with {@link #write(ByteBuffer)}.
   */
  void writeSequence(List<ByteBuffer> data);

  /**
   * Closes the connection once everything written so far has been sent (and the registered
   * producer, if any, has unregistered). Further writes are dropped. Calling it again does nothing.
   */
  void loseConnection();

  /** Closes the connection now, dropping anything not yet sent. */
  void abortConnection();

  /**
   * Shuts the writing direction once everything written has been sent (TCP half-close); the
   * protocol may go on reading. When done, a {@link HalfCloseableProtocol} hears {@link
   * HalfCloseableProtocol#writeConnectionLost()}.
   */
  void loseWriteConnection();

  /** True once {@link #loseConnection()} or {@link #abortConnection()} was called. */
  boolean disconnecting();

  /** The bytes written and not yet taken by the socket. */
  long bufferedBytes();

  /**
   * Sets the high- and low-water marks of the write buffer used for producer flow control ({@code 0
   * <= low <= high}).
   */
  void setWriteBufferWaterMarks(int low, int high);

  /** The address of the other side. */
  SocketAddress peerAddress();

  /** The address of this side. */
  SocketAddress hostAddress();

  /**
   * Sets a socket option, such as {@link java.net.StandardSocketOptions#TCP_NODELAY} or {@link
   * java.net.StandardSocketOptions#SO_KEEPALIVE}. Throws {@link UnsupportedOperationException} for
   * an option the transport does not have.
   */
  <T> void setOption(SocketOption<T> option, T value);

  /** Stops reading from the connection until {@link #resumeProducing()}. */
  @Override
  void pauseProducing();

  /** Goes on reading. */
  @Override
  void resumeProducing();

  /** Same as {@link #abortConnection()}: the consumer of what this transport reads is gone. */
  @Override
  void stopProducing();
}
