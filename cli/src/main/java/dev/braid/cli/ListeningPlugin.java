package dev.braid.cli;

import dev.braid.net.Endpoints;
import dev.braid.net.ProtocolFactory;
import dev.braid.reactor.Reactor;
import dev.braid.service.MultiService;
import dev.braid.service.Service;
import dev.braid.service.StreamServerEndpointService;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A plugin that serves one protocol on one or more endpoints ({@code --listen}, repeatable): a
 * {@link MultiService} of one {@link StreamServerEndpointService} per endpoint.
 */
public abstract class ListeningPlugin implements BraidPlugin {
  @Option(
      names = "--listen",
      paramLabel = "ENDPOINT",
      description =
          "Where to listen, e.g. tcp:8000 or tcp:8000:interface=127.0.0.1 (repeatable; default: ${DEFAULT-VALUE}).")
  private List<String> listen;

  /** The endpoint used when no {@code --listen} is given. */
  protected abstract String defaultEndpoint();

  /** The factory of the protocol served on {@code reactor}. */
  protected abstract ProtocolFactory factory(Reactor reactor);

  @Override
  public Service service(Reactor reactor) {
    List<String> endpoints =
        listen == null || listen.isEmpty() ? List.of(defaultEndpoint()) : listen;
    ProtocolFactory factory = factory(reactor);
    MultiService root = new MultiService(getClass().getSimpleName());
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      root.addService(
          new StreamServerEndpointService(
              "listen #" + (i + 1) + " " + endpoint,
              Endpoints.serverFromString(reactor, endpoint),
              factory));
    }
    return root;
  }
}
