package dev.braid.net;

import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A transport that forwards every call to another one, {@link #delegate()}: the base of a layer
 * that wants to see or change some calls (override them) and pass the rest through unchanged.
 *
 * <p>Every method forwards as is, including {@link #writeCopy} (so the delegate's zero-copy path is
 * kept); a subclass that watches writes overrides {@link #write(ByteBuffer)}, {@link #writeCopy}
 * and {@link #writeSequence} (the other {@code write} overloads go through {@link
 * #write(ByteBuffer)}).
 *
 * <p>Reactor thread only, like the transport it wraps. Buffers follow {@link Transport}'s rules:
 * what is given to {@code write} is given on to the delegate.
 */
public abstract class ForwardingTransport implements Transport {
  /** For subclasses. */
  protected ForwardingTransport() {}

  /**
   * The transport calls are forwarded to. Throws {@link IllegalStateException} when there is none
   * yet (a wrapping protocol before its {@code connectionMade}).
   */
  protected abstract Transport delegate();

  @Override
  public void write(ByteBuffer data) {
    delegate().write(data);
  }

  @Override
  public void writeCopy(ByteBuffer data) {
    delegate().writeCopy(data);
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    delegate().writeSequence(data);
  }

  @Override
  public void loseConnection() {
    delegate().loseConnection();
  }

  @Override
  public void abortConnection() {
    delegate().abortConnection();
  }

  @Override
  public void loseWriteConnection() {
    delegate().loseWriteConnection();
  }

  @Override
  public boolean disconnecting() {
    return delegate().disconnecting();
  }

  @Override
  public long bufferedBytes() {
    return delegate().bufferedBytes();
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    delegate().setWriteBufferWaterMarks(low, high);
  }

  @Override
  public SocketAddress peerAddress() {
    return delegate().peerAddress();
  }

  @Override
  public SocketAddress hostAddress() {
    return delegate().hostAddress();
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    delegate().setOption(option, value);
  }

  @Override
  public void registerProducer(Producer producer) {
    delegate().registerProducer(producer);
  }

  @Override
  public void unregisterProducer() {
    delegate().unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    delegate().pauseProducing();
  }

  @Override
  public void resumeProducing() {
    delegate().resumeProducing();
  }

  @Override
  public void stopProducing() {
    delegate().stopProducing();
  }
}
