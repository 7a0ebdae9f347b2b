package dev.braid.protocols.proxy;

import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.Transport;
import dev.braid.reactor.DelayedCall;
import dev.braid.reactor.ReactorTime;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol of one connection behind {@link ProxyProtocol}: reads the header, then builds the
 * application protocol and hands it everything that follows. Reactor thread only.
 */
final class ProxyHeaderReceiver implements HalfCloseableProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocol.class);

  private final ReactorTime clock;
  private final ProtocolFactory factory;
  private final ProxyHeaderParser parser;
  private final ProxyProtocol.Options options;
  private Transport transport;
  private DelayedCall timeout;
  private Protocol application;
  private boolean closed;

  ProxyHeaderReceiver(ReactorTime clock, ProtocolFactory factory, ProxyProtocol.Options options) {
    this.clock = clock;
    this.factory = factory;
    this.options = options;
    this.parser = new ProxyHeaderParser(options.maxV2Length());
  }

  void switchTo(Protocol next) {
    application = next;
  }

  @Override
  public void connectionMade(Transport transport) {
    this.transport = transport;
    timeout = clock.callLater(options.headerTimeout(), this::timedOut);
  }

  private void timedOut() {
    reject("no complete header within " + options.headerTimeout().toMillis() + " ms");
  }

  private void reject(String why) {
    LOG.info("PROXY protocol: closing the connection from {}: {}", transport.peerAddress(), why);
    closed = true;
    transport.abortConnection();
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (application != null) {
      application.dataReceived(data);
      return;
    }
    if (closed) {
      return;
    }
    ProxyHeaderParser.Result result;
    try {
      result = parser.feed(data);
    } catch (ProxyProtocolException e) {
      timeout.cancel();
      reject(e.getMessage());
      return;
    }
    switch (result) {
      case ProxyHeaderParser.NeedMoreInput more -> {}
      case ProxyHeaderParser.Parsed parsed -> start(parsed.header(), data);
    }
  }

  private void start(ProxyHeader header, ByteBuffer rest) {
    timeout.cancel();
    ProxiedTransport proxied = new ProxiedTransport(transport, header, this);
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(proxied.peerAddress());
    } catch (RefuseConnectionException e) {
      closed = true;
      transport.abortConnection();
      return;
    } catch (RuntimeException e) {
      LOG.error("PROXY protocol: the factory failed for {}", proxied.peerAddress(), e);
      closed = true;
      transport.abortConnection();
      return;
    }
    application = protocol;
    protocol.connectionMade(proxied);
    if (rest.hasRemaining() && application != null && !transport.disconnecting()) {
      application.dataReceived(rest);
    }
  }

  @Override
  public void readConnectionLost() {
    if (application instanceof HalfCloseableProtocol half) {
      half.readConnectionLost();
    } else if (application != null) {
      transport.loseConnection();
    } else {
      closed = true;
      transport.abortConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    if (application instanceof HalfCloseableProtocol half) {
      half.writeConnectionLost();
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    if (timeout != null && timeout.active()) {
      timeout.cancel();
    }
    if (application != null) {
      application.connectionLost(reason);
    }
  }
}
