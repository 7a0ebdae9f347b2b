package dev.braid.reactor.internal;

import dev.braid.net.Protocol;
import dev.braid.net.UnixTransport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UNIX domain socket connection: a {@link TcpConnection} (the byte-stream machinery is the same)
 * that also reports the peer's credentials. Reactor thread only.
 */
final class UnixConnection extends TcpConnection implements UnixTransport {
  private static final Logger LOG = LoggerFactory.getLogger(UnixTransport.class);

  UnixConnection(
      SelectorReactor reactor,
      SocketChannel channel,
      Protocol protocol,
      SocketAddress peer,
      TcpConnector connector) {
    super(reactor, channel, protocol, peer, connector);
  }

  @Override
  public Optional<UnixDomainPrincipal> peerCredentials() {
    SocketChannel channel = channel();
    if (!channel.supportedOptions().contains(ExtendedSocketOptions.SO_PEERCRED)) {
      return Optional.empty();
    }
    try {
      return Optional.of(channel.getOption(ExtendedSocketOptions.SO_PEERCRED));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("reading the peer credentials of {} failed", this, e);
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "UnixConnection" + super.toString().substring("TcpConnection".length());
  }
}
