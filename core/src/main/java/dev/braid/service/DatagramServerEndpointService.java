package dev.braid.service;

import dev.braid.defer.Deferred;
import dev.braid.net.DatagramEndpoint;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import java.util.Optional;

/**
 * Serves a {@link DatagramProtocol} on a datagram endpoint while running: start binds (and fails
 * with the bind error, e.g. a {@link java.net.BindException} naming the address), stop closes the
 * port. The datagram counterpart of {@link StreamServerEndpointService}. Reactor thread only.
 */
public final class DatagramServerEndpointService extends AbstractService {
  private final DatagramEndpoint endpoint;
  private final DatagramProtocol protocol;
  private DatagramTransport port;

  /** A service called {@code name} that serves {@code protocol} on {@code endpoint}. */
  public DatagramServerEndpointService(
      String name, DatagramEndpoint endpoint, DatagramProtocol protocol) {
    super(name);
    this.endpoint = endpoint;
    this.protocol = protocol;
  }

  /** The bound port while running. */
  public Optional<DatagramTransport> port() {
    return Optional.ofNullable(port);
  }

  @Override
  protected Deferred<Void> doStart() {
    return endpoint
        .listen(protocol)
        .addCallback(
            bound -> {
              port = bound;
              return null;
            });
  }

  @Override
  protected Deferred<Void> doStop() {
    DatagramTransport bound = port;
    port = null;
    return bound == null ? Deferred.succeed(null) : bound.stopListening();
  }
}
