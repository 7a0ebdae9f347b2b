package dev.braid.net;

import dev.braid.reactor.Reactor;

/**
 * Turns descriptions with one prefix into endpoints: the plugin point for new endpoint types.
 * Implementations are found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.braid.net.EndpointParser}); Braid's own {@code tcp} parser is one.
 */
public interface EndpointParser {
  /** The prefix this parser handles, lower case (e.g. {@code tcp}). */
  String prefix();

  /** A server endpoint for {@code description}; throws {@link EndpointSyntaxException}. */
  default ServerEndpoint parseServer(Reactor reactor, EndpointDescription description) {
    throw new EndpointSyntaxException(
        description.text(), prefix() + ": endpoints cannot be used to listen");
  }

  /** A client endpoint for {@code description}; throws {@link EndpointSyntaxException}. */
  default ClientEndpoint parseClient(Reactor reactor, EndpointDescription description) {
    throw new EndpointSyntaxException(
        description.text(), prefix() + ": endpoints cannot be used to connect");
  }
}
