package dev.braid.service;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import java.util.Optional;

/**
 * Listens on an endpoint while running: start listens (and fails with the listen error, e.g. a
 * {@link java.net.BindException} naming the address), stop stops listening. Connections already
 * accepted stay up. Reactor thread only.
 */
public final class StreamServerEndpointService extends AbstractService {
  private final ServerEndpoint endpoint;
  private final ProtocolFactory factory;
  private ListeningPort port;

  /** A service called {@code name} that serves {@code factory} on {@code endpoint}. */
  public StreamServerEndpointService(
      String name, ServerEndpoint endpoint, ProtocolFactory factory) {
    super(name);
    this.endpoint = endpoint;
    this.factory = factory;
  }

  /** The listening port while running. */
  public Optional<ListeningPort> port() {
    return Optional.ofNullable(port);
  }

  @Override
  protected Deferred<Void> doStart() {
    return endpoint
        .listen(factory)
        .addCallback(
            listening -> {
              port = listening;
              return null;
            });
  }

  @Override
  protected Deferred<Void> doStop() {
    ListeningPort listening = port;
    port = null;
    return listening == null ? Deferred.succeed(null) : listening.stopListening();
  }
}
