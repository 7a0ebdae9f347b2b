package dev.braid.net.endpoints;

import dev.braid.net.ClientEndpoint;
import dev.braid.net.DatagramEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ServerEndpoint;
import dev.braid.reactor.Reactor;

/**
 * Turns descriptions with one prefix into endpoints: the plugin point for new endpoint types.
 * Implementations are found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.braid.net.endpoints.EndpointParser}); Braid's own {@code tcp} parser is
 * one.
 */
public interface EndpointParser {
  /** The prefix this parser handles, lower case (e.g. {@code tcp}). */
  String prefix();

  /** A server endpoint for {@code description}; throws {@link EndpointSyntaxException}. */
  default ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
    throw new EndpointSyntaxException(
        description.text(), prefix() + ": endpoints cannot be used to listen");
  }

  /**
   * A server endpoint for {@code description} whose plain byte stream passes through {@code below}
   * before any layer this parser adds itself: {@code below} receives the endpoint of the plain
   * connections (for example TCP) and returns one that wraps them (as {@code haproxy:} does, so
   * that the PROXY header is read before a TLS handshake). The default applies {@code below} to the
   * whole endpoint, which is right for a parser that adds no layer of its own; a layering parser
   * (such as {@code tls:}) overrides it.
   */
  default ServerEndpoint parseServer(
      Reactor reactor,
      EndpointDescription description,
      java.util.function.UnaryOperator<ServerEndpoint> below) {
    return below.apply(parseServer(reactor, description));
  }

  /**
   * A datagram (UDP-like) endpoint for {@code description}; throws {@link EndpointSyntaxException}.
   * The default refuses: only datagram prefixes such as {@code udp:} have one.
   */
  default DatagramEndpoint parseDatagramServer(Reactor reactor, EndpointDescription description) {
    throw new EndpointSyntaxException(
        description.text(), prefix() + ": endpoints are not datagram endpoints (use udp:)");
  }

  /** A client endpoint for {@code description}; throws {@link EndpointSyntaxException}. */
  default ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
    throw new EndpointSyntaxException(
        description.text(), prefix() + ": endpoints cannot be used to connect");
  }
}
