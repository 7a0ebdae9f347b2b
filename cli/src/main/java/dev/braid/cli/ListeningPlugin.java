package dev.braid.cli;

import dev.braid.defer.Deferred;
import dev.braid.net.Endpoints;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A plugin that serves one protocol on one or more endpoints ({@code --listen}, repeatable). The
 * listening ports close in the reactor's shutdown.
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

  /** The factory of the protocol served. */
  protected abstract ProtocolFactory factory();

  @Override
  public Deferred<?> start(Reactor reactor) {
    List<String> endpoints =
        listen == null || listen.isEmpty() ? List.of(defaultEndpoint()) : listen;
    List<Deferred<ListeningPort>> ports = new ArrayList<>();
    ProtocolFactory factory = factory();
    for (String endpoint : endpoints) {
      ports.add(Endpoints.serverFromString(reactor, endpoint).listen(factory));
    }
    return Deferred.gather(ports)
        .addErrback(
            error -> {
              throw error instanceof dev.braid.defer.FirstErrorException first
                  ? (Exception) first.getCause()
                  : (Exception) error;
            });
  }
}
