package dev.braid.plugin;

import dev.braid.defer.Deferred;
import dev.braid.net.Addresses;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.service.AbstractService;
import dev.braid.service.MultiService;
import dev.braid.service.Service;
import dev.braid.service.StreamServerEndpointService;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A plugin that serves one protocol on one or more endpoints ({@code --listen}, repeatable): a
 * {@link MultiService} of one {@link StreamServerEndpointService} per endpoint.
 *
 * <p>On a reactor group ({@code --reactors N}), {@code tcp:} endpoints listen on the whole group,
 * which spreads accepted connections over its reactors; each reactor serves its connections with
 * its own {@link #factory(Reactor)}. Other endpoint types ({@code ssl:}, {@code unix:}) listen on
 * the group's first reactor.
 *
 * <p>Once every endpoint listens, it logs one line per endpoint, whatever the number of reactors:
 * {@code listening on 0.0.0.0:8000 (tcp:8000)}, {@code listening on [::]:8443 with TLS
 * (ssl:8443:certKey=site.pem)} ({@link #listeningMessage}, which a plugin may override).
 *
 * <p>Stopping the service stops listening and, at the same time, asks each factory to {@link
 * #drain} its connections; the stop fires when every drain has (the {@code braid} command bounds
 * the wait with {@code --shutdown-timeout}, then closes what is left).
 */
public abstract class ListeningPlugin implements BraidPlugin {
  @Option(
      names = "--listen",
      paramLabel = "ENDPOINT",
      description =
          "Where to listen, e.g. tcp:8000 or tcp:8000:interface=127.0.0.1 (repeatable; default: ${DEFAULT-VALUE}).")
  private List<String> listen;

  /** The endpoint used when no {@code --listen} is given (and shown as its default in the help). */
  protected abstract String defaultEndpoint();

  /**
   * The factory of the protocol served on {@code reactor}: its protocols run on that reactor's
   * thread. On a group it is called once per reactor, on the first reactor's thread.
   */
  protected abstract ProtocolFactory factory(Reactor reactor);

  /**
   * Called on {@code reactor}'s thread when the service stops (its ports stop listening at the same
   * time): a Deferred that fires when the connections of {@code factory} have finished what they
   * were doing and closed. The default waits for nothing: the connections are closed when the
   * reactor stops.
   */
  protected Deferred<Void> drain(Reactor reactor, ProtocolFactory factory) {
    return Deferred.succeed(null);
  }

  private List<String> endpoints() {
    return listen == null || listen.isEmpty() ? List.of(defaultEndpoint()) : listen;
  }

  /**
   * The endpoint for {@code description} (one {@code --listen}), on {@code reactor}. The default
   * parses it with {@link Endpoints#serverFromString}; a plugin may add parameters first (braid web
   * answers plain HTTP on its TLS ports).
   */
  protected ServerEndpoint serverEndpoint(Reactor reactor, String description) {
    return Endpoints.serverFromString(reactor, description);
  }

  /**
   * The line logged once {@code endpoint} listens on {@code address}: by default {@code listening
   * on ADDRESS (ENDPOINT)}, with {@code with TLS} after the address for a TLS endpoint, the address
   * written as people write it ({@code 0.0.0.0:8000}, {@code [::]:8000}; see {@link Addresses}).
   */
  protected String listeningMessage(String endpoint, SocketAddress address) {
    return "listening on "
        + Addresses.display(address)
        + (usesTls(endpoint) ? " with TLS" : "")
        + " ("
        + endpoint
        + ")";
  }

  /**
   * The logger of the listening lines: the plugin class's, made when the service starts (after the
   * command has set up logging).
   */
  protected Logger logger() {
    return LoggerFactory.getLogger(getClass());
  }

  /**
   * True when the endpoint description speaks TLS: its type is {@code tls:} or {@code ssl:}, also
   * under {@code haproxy:}.
   */
  protected static boolean usesTls(String endpoint) {
    String lower = endpoint.toLowerCase(Locale.ROOT);
    if (lower.startsWith("haproxy:")) {
      lower = lower.substring("haproxy:".length());
    }
    return lower.startsWith("tls:") || lower.startsWith("ssl:");
  }

  /**
   * Adds a last child whose start, once every endpoint listens, logs {@link #listeningMessage} for
   * each: one line per endpoint, however many reactors or sockets serve it.
   */
  private MultiService withListeningLog(MultiService root) {
    List<StreamServerEndpointService> listening =
        root.children().stream()
            .filter(StreamServerEndpointService.class::isInstance)
            .map(StreamServerEndpointService.class::cast)
            .toList();
    List<String> endpoints = endpoints();
    ListeningLog log = new ListeningLog(this::logger, this::listeningMessage);
    for (int i = 0; i < listening.size(); i++) {
      StreamServerEndpointService service = listening.get(i);
      log.add(endpoints.get(i), () -> service.port().map(ListeningPort::address));
    }
    root.addService(log);
    return root;
  }

  @Override
  public Service service(Reactor reactor) {
    List<String> endpoints = endpoints();
    ProtocolFactory factory = factory(reactor);
    MultiService root = new MultiService(getClass().getSimpleName());
    root.addService(new DrainService(Map.of(reactor, factory), reactor));
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      root.addService(
          new StreamServerEndpointService(
              "listen #" + (i + 1) + " " + endpoint, serverEndpoint(reactor, endpoint), factory));
    }
    return withListeningLog(root);
  }

  @Override
  public Service service(ReactorGroup group) {
    Reactor first = group.reactors().getFirst();
    Map<Reactor, ProtocolFactory> factories = new IdentityHashMap<>();
    for (Reactor reactor : group.reactors()) {
      factories.put(reactor, factory(reactor));
    }
    ProtocolFactory perReactor = new PerReactorFactory(group, Map.copyOf(factories), first);
    List<String> endpoints = endpoints();
    MultiService root = new MultiService(getClass().getSimpleName());
    root.addService(new DrainService(Map.copyOf(factories), first));
    for (int i = 0; i < endpoints.size(); i++) {
      String endpoint = endpoints.get(i);
      // Parsed on the first reactor in any case: a malformed description fails here, clearly.
      ServerEndpoint single = serverEndpoint(first, endpoint);
      boolean tcp = endpoint.toLowerCase(Locale.ROOT).startsWith("tcp:");
      root.addService(
          new StreamServerEndpointService(
              "listen #" + (i + 1) + " " + endpoint,
              tcp ? groupEndpoint(group, endpoint) : single,
              tcp ? perReactor : factories.get(first)));
    }
    return withListeningLog(root);
  }

  /**
   * Added before the listening services, so that stopping (in reverse order) stops listening first;
   * its stop runs {@link #drain} for each factory on the factory's own reactor and fires, on {@code
   * home}'s thread, when all of them have.
   */
  private final class DrainService extends AbstractService {
    private final Map<Reactor, ProtocolFactory> factories;
    private final Reactor home;

    DrainService(Map<Reactor, ProtocolFactory> factories, Reactor home) {
      super("drain connections");
      this.factories = factories;
      this.home = home;
    }

    @Override
    protected Deferred<Void> doStart() {
      return Deferred.succeed(null);
    }

    @Override
    protected Deferred<Void> doStop() {
      List<Deferred<Void>> drains = new ArrayList<>();
      for (Map.Entry<Reactor, ProtocolFactory> e : factories.entrySet()) {
        Reactor reactor = e.getKey();
        Deferred<Void> done = new Deferred<>();
        drains.add(done);
        Runnable start =
            () ->
                drain(reactor, e.getValue())
                    .addBoth(
                        outcome -> {
                          home.callFromThread(() -> done.callback(null));
                          return null;
                        });
        if (reactor == home) {
          start.run();
        } else {
          reactor.callFromThread(start);
        }
      }
      return Deferred.gather(drains).addCallback(all -> null);
    }
  }

  /** Listens on every reactor of {@code group}; the port stops all of the group's sockets. */
  private static ServerEndpoint groupEndpoint(ReactorGroup group, String endpoint) {
    return factory ->
        group
            .listen(endpoint, factory)
            .addCallback(
                ports ->
                    new ListeningPort() {
                      @Override
                      public SocketAddress address() {
                        return ports.getFirst().address();
                      }

                      @Override
                      public Deferred<Void> stopListening() {
                        List<Deferred<Void>> stops = new ArrayList<>();
                        for (ListeningPort port : ports) {
                          stops.add(port.stopListening());
                        }
                        return Deferred.gather(stops).addCallback(all -> null);
                      }
                    });
  }

  /**
   * The default values of a command line whose subcommands are plugins: a {@code ListeningPlugin}'s
   * {@code --listen} defaults to its {@link #defaultEndpoint()} (so its help says {@code default:
   * tcp:8000}); every other option keeps its own. The {@code braid} command installs it with {@code
   * CommandLine.setDefaultValueProvider}.
   */
  public static CommandLine.IDefaultValueProvider defaultValues() {
    return arg ->
        arg.isOption()
                && ((CommandLine.Model.OptionSpec) arg).longestName().equals("--listen")
                && arg.command().userObject() instanceof ListeningPlugin listening
            ? listening.defaultEndpoint()
            : null;
  }

  /**
   * Builds each connection's protocol with the factory of the reactor that owns the connection (the
   * one whose thread calls). Thread-safe: the map is immutable.
   */
  private record PerReactorFactory(
      ReactorGroup group, Map<Reactor, ProtocolFactory> factories, Reactor first)
      implements ProtocolFactory {
    private ProtocolFactory here() {
      return factories.get(group.current().orElse(first));
    }

    @Override
    public dev.braid.net.Protocol buildProtocol(SocketAddress peer) {
      return here().buildProtocol(peer);
    }

    @Override
    public void startFactory() {
      here().startFactory();
    }

    @Override
    public void stopFactory() {
      here().stopFactory();
    }
  }
}
