package dev.braid.protocols.proxy;

import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolSwitching;
import dev.braid.net.Transport;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The transport an application protocol gets behind {@link ProxyProtocol}: the connection's own
 * transport, except that {@link #peerAddress()} and {@link #hostAddress()} are the source and
 * destination named by the PROXY header (or the socket's own when the header names none: v1 {@code
 * UNKNOWN}, v2 {@code LOCAL}, UNIX families). Every other call goes to the connection's transport
 * unchanged, including buffer ownership. Reactor thread only.
 */
public final class ProxiedTransport implements ProtocolSwitching {
  private final Transport lower;
  private final ProxyHeader header;
  private final ProxyHeaderReceiver receiver;

  ProxiedTransport(Transport lower, ProxyHeader header, ProxyHeaderReceiver receiver) {
    this.lower = lower;
    this.header = header;
    this.receiver = receiver;
  }

  /** The header the connection began with (its TLVs, for example). */
  public ProxyHeader header() {
    return header;
  }

  /** The connection's own transport, whose addresses are the socket's. */
  public Transport lower() {
    return lower;
  }

  /** The client's address from the header, or the socket's peer if the header has none. */
  @Override
  public SocketAddress peerAddress() {
    return header.source().<SocketAddress>map(a -> a).orElseGet(lower::peerAddress);
  }

  /** The address the client connected to from the header, or the socket's own if none. */
  @Override
  public SocketAddress hostAddress() {
    return header.destination().<SocketAddress>map(a -> a).orElseGet(lower::hostAddress);
  }

  /** From now on the connection's events go to {@code next} (as for STARTTLS). */
  @Override
  public void switchProtocol(Protocol next) {
    receiver.switchTo(next);
  }

  @Override
  public void write(ByteBuffer data) {
    lower.write(data);
  }

  @Override
  public void writeCopy(ByteBuffer data) {
    lower.writeCopy(data);
  }

  @Override
  public void writeSequence(List<ByteBuffer> data) {
    lower.writeSequence(data);
  }

  @Override
  public void loseConnection() {
    lower.loseConnection();
  }

  @Override
  public void abortConnection() {
    lower.abortConnection();
  }

  @Override
  public void loseWriteConnection() {
    lower.loseWriteConnection();
  }

  @Override
  public boolean disconnecting() {
    return lower.disconnecting();
  }

  @Override
  public long bufferedBytes() {
    return lower.bufferedBytes();
  }

  @Override
  public void setWriteBufferWaterMarks(int low, int high) {
    lower.setWriteBufferWaterMarks(low, high);
  }

  @Override
  public <T> void setOption(SocketOption<T> option, T value) {
    lower.setOption(option, value);
  }

  @Override
  public void registerProducer(Producer producer) {
    lower.registerProducer(producer);
  }

  @Override
  public void unregisterProducer() {
    lower.unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    lower.pauseProducing();
  }

  @Override
  public void resumeProducing() {
    lower.resumeProducing();
  }

  @Override
  public void stopProducing() {
    lower.stopProducing();
  }

  @Override
  public String toString() {
    return "ProxiedTransport[" + peerAddress() + " via " + lower.peerAddress() + "]";
  }
}
