package dev.braid.protocols.proxy;

import dev.braid.net.Layer;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.Transport;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layer of one connection behind {@link ProxyProtocol}, and the transport its application
 * protocol gets: it reads the PROXY header (within the header timeout), then builds the application
 * protocol and hands it everything that follows. To that protocol it is the connection's own
 * transport, except that {@link #peerAddress()} and {@link #hostAddress()} are the source and
 * destination named by the header (or the socket's own when the header names none: v1 {@code
 * UNKNOWN}, v2 {@code LOCAL}, UNIX families). Every other call goes to the connection's transport
 * unchanged, including buffer ownership; as a {@link Layer} it passes protocol switching (STARTTLS)
 * through. Reactor thread only.
 */
public final class ProxiedTransport extends Layer {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);

  private final ProtocolFactory factory;
  private final ProxyHeaderParser parser;
  private final Timeout headerTimeout;
  private final ProxyProtocol.Options options;
  private ProxyHeader header;
  private boolean closed;

  ProxiedTransport(ReactorTime clock, ProtocolFactory factory, ProxyProtocol.Options options) {
    this.factory = factory;
    this.options = options;
    this.parser = new ProxyHeaderParser(options.maxV2Length());
    this.headerTimeout =
        clock.timeout(
            () ->
                reject("no complete header within " + options.headerTimeout().toMillis() + " ms"));
  }

  /**
   * The header the connection began with (its TLVs, for example). The application protocol only
   * ever sees this transport once the header is read.
   */
  public ProxyHeader header() {
    if (header == null) {
      throw new IllegalStateException("the PROXY header has not been read yet");
    }
    return header;
  }

  /** The connection's own transport, whose addresses are the socket's. */
  public Transport lower() {
    return below();
  }

  /** The client's address from the header, or the socket's peer if the header has none. */
  @Override
  public SocketAddress peerAddress() {
    if (header == null) {
      return below().peerAddress();
    }
    return header.source().<SocketAddress>map(a -> a).orElseGet(below()::peerAddress);
  }

  /** The address the client connected to from the header, or the socket's own if none. */
  @Override
  public SocketAddress hostAddress() {
    if (header == null) {
      return below().hostAddress();
    }
    return header.destination().<SocketAddress>map(a -> a).orElseGet(below()::hostAddress);
  }

  /** Starts the header timeout. */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    headerTimeout.setTimeout(options.headerTimeout());
  }

  /** Reads the header; once it is read, passes every byte to the application protocol. */
  @Override
  public void dataReceived(ByteBuffer data) {
    if (header != null) {
      super.dataReceived(data);
      return;
    }
    if (closed) {
      return;
    }
    Optional<ProxyHeader> parsed;
    try {
      parsed = parser.next(data);
    } catch (ProxyProtocolException e) {
      reject(e.getMessage());
      return;
    }
    if (parsed.isPresent()) {
      start(parsed.get(), data);
    }
  }

  private void start(ProxyHeader parsed, ByteBuffer rest) {
    headerTimeout.cancelTimeout();
    header = parsed;
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(peerAddress());
    } catch (RefuseConnectionException e) {
      closed = true;
      below().abortConnection();
      return;
    } catch (RuntimeException e) {
      LOG.error("PROXY protocol: the factory failed for {}", peerAddress(), e);
      closed = true;
      below().abortConnection();
      return;
    }
    attach(protocol);
    if (rest.hasRemaining() && !below().disconnecting()) {
      super.dataReceived(rest);
    }
  }

  private void reject(String why) {
    headerTimeout.cancelTimeout();
    LOG.info("PROXY protocol: closing the connection from {}: {}", below().peerAddress(), why);
    closed = true;
    below().abortConnection();
  }

  /**
   * Passes the half-close to the application protocol; before the header, aborts the connection.
   */
  @Override
  public void readConnectionLost() {
    if (innerIfAttached().isPresent()) {
      super.readConnectionLost();
    } else {
      closed = true;
      below().abortConnection();
    }
  }

  /** Stops the header timeout and passes the event on. */
  @Override
  public void connectionLost(Throwable reason) {
    headerTimeout.cancelTimeout();
    super.connectionLost(reason);
  }

  @Override
  public String toString() {
    if (!connected()) {
      return "ProxiedTransport[not connected]";
    }
    return "ProxiedTransport[" + peerAddress() + " via " + below().peerAddress() + "]";
  }
}
