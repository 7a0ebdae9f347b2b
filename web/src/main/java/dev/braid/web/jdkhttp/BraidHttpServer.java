package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import dev.braid.web.Request;
import dev.braid.web.Resource;
import dev.braid.web.Site;
import dev.braid.web.SiteSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpServer} running on a Braid reactor: what {@code HttpServer.create(...)} returns when
 * {@link BraidHttpServerProvider} is the provider, or made directly with {@link #create(Reactor,
 * InetSocketAddress, int)} to share a reactor the application already runs.
 *
 * <p>Contexts are matched like the JDK's server: the longest context path that is a prefix of the
 * request's path wins; a request no context matches gets 404. Each exchange runs on a new virtual
 * thread, or on the {@link #setExecutor executor} the application set (honored as the JDK honors
 * it). Filters, attributes and authenticators of a context apply. {@link #stop(int)} stops
 * accepting, waits up to the delay for exchanges in progress, then closes every connection; a
 * server that made its own reactor stops that reactor's thread too. The connections are HTTP/1.1
 * with Braid's strict parser and limits; gzip is off (the application decides its encodings).
 *
 * <p>The methods are thread-safe, as the JDK's are; handlers run on their own threads.
 */
public final class BraidHttpServer extends HttpServer {
  private final Reactor reactor;
  private final boolean ownsReactor;
  private final List<BraidHttpContext> contexts = new CopyOnWriteArrayList<>();
  private final Site site;

  /** Connections open now; reactor thread only. */
  private final Set<Transport> connections = new HashSet<>();

  /** Exchanges in progress; reactor thread only. */
  private int active;

  private Deferred<Void> drained;
  private volatile Executor executor;
  private volatile ListeningPort port;
  private volatile InetSocketAddress address;
  private Thread reactorThread;
  private boolean started;
  private boolean stopped;

  /** What the contexts answer for {@code getServer()}: this server, or the HTTPS one around it. */
  private final HttpServer facade;

  /** True for the core of a {@link BraidHttpsServer}: connections speak TLS. */
  private final boolean https;

  private volatile HttpsConfigurator configurator;

  /** {@code httpsFacade}: the HTTPS server this one serves for, or null for plain HTTP. */
  private BraidHttpServer(Reactor reactor, boolean ownsReactor, HttpsServer httpsFacade) {
    this.reactor = reactor;
    this.ownsReactor = ownsReactor;
    this.https = httpsFacade != null;
    this.facade = https ? httpsFacade : this;
    this.site =
        Site.builder(reactor, new Dispatcher())
            .settings(SiteSettings.defaults().withGzip(false))
            .build();
  }

  /** A server with a reactor of its own, started by {@link #start()} (for the provider). */
  static BraidHttpServer standalone() {
    return new BraidHttpServer(Reactors.create(), true, null);
  }

  /**
   * A server on {@code reactor}, bound to {@code address} when it is not null ({@code backlog} 0 or
   * less: the default). {@link #start()} then only starts serving; the reactor's thread is the
   * application's. Callable from any thread but the reactor's once the reactor runs.
   */
  public static BraidHttpServer create(Reactor reactor, InetSocketAddress address, int backlog)
      throws IOException {
    BraidHttpServer server = new BraidHttpServer(Objects.requireNonNull(reactor), false, null);
    if (address != null) {
      server.bind(address, backlog);
    }
    return server;
  }

  /** The server behind an HTTPS server: connections speak TLS as its configurator says. */
  static BraidHttpServer forHttps(Reactor reactor, boolean ownsReactor, HttpsServer facade) {
    return new BraidHttpServer(reactor, ownsReactor, Objects.requireNonNull(facade));
  }

  void setHttpsConfigurator(HttpsConfigurator configurator) {
    this.configurator = Objects.requireNonNull(configurator, "configurator");
  }

  HttpsConfigurator getHttpsConfigurator() {
    return configurator;
  }

  /**
   * Reactor thread, per TLS connection: a server-mode engine from the configurator's context, with
   * the parameters its {@code configure} sets (by default the context's own).
   */
  private SSLEngine newEngine(SocketAddress peer) {
    HttpsConfigurator c = configurator;
    if (c == null) {
      throw new IllegalStateException("no HttpsConfigurator is set on the HTTPS server");
    }
    SSLEngine engine = c.getSSLContext().createSSLEngine();
    engine.setUseClientMode(false);
    Parameters parameters =
        new Parameters(c, peer instanceof InetSocketAddress a ? a : new InetSocketAddress(0));
    c.configure(parameters);
    parameters.applyTo(engine);
    return engine;
  }

  /** The {@link HttpsParameters} a configurator fills in for one connection. */
  private static final class Parameters extends HttpsParameters {
    private final HttpsConfigurator configurator;
    private final InetSocketAddress client;
    private SSLParameters ssl;

    Parameters(HttpsConfigurator configurator, InetSocketAddress client) {
      this.configurator = configurator;
      this.client = client;
    }

    @Override
    public HttpsConfigurator getHttpsConfigurator() {
      return configurator;
    }

    @Override
    public InetSocketAddress getClientAddress() {
      return client;
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      this.ssl = params;
    }

    /** SSLParameters set win; else the older single settings, where set. */
    @SuppressWarnings("deprecation") // a configurator may still use the deprecated setters
    void applyTo(SSLEngine engine) {
      if (ssl != null) {
        engine.setSSLParameters(ssl);
        return;
      }
      if (getCipherSuites() != null) {
        engine.setEnabledCipherSuites(getCipherSuites());
      }
      if (getProtocols() != null) {
        engine.setEnabledProtocols(getProtocols());
      }
      if (getNeedClientAuth()) {
        engine.setNeedClientAuth(true);
      } else if (getWantClientAuth()) {
        engine.setWantClientAuth(true);
      }
    }
  }

  /** The reactor this server runs on. */
  public Reactor reactor() {
    return reactor;
  }

  @Override
  public synchronized void bind(InetSocketAddress addr, int backlog) throws IOException {
    if (port != null) {
      throw new BindException("the server is already bound to " + address);
    }
    if (stopped) {
      throw new IllegalStateException("the server was stopped");
    }
    String host =
        addr.getAddress() == null
            ? addr.getHostString()
            : addr.getAddress().isAnyLocalAddress() ? "" : addr.getAddress().getHostAddress();
    TcpListenOptions options =
        TcpListenOptions.defaults()
            .withInterface(host)
            .withBacklog(backlog > 0 ? backlog : TcpListenOptions.DEFAULT_BACKLOG);
    ListeningPort p =
        onReactor(() -> Deferred.succeed(reactor.listenTcp(addr.getPort(), factory(), options)));
    port = p;
    address = (InetSocketAddress) p.address();
  }

  private ProtocolFactory factory() {
    ProtocolFactory plain = this::protocol;
    return https
        ? Tls.serverFactory(
            reactor,
            this::newEngine,
            TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT,
            TlsOptions.PlainHttp.ANSWER_400,
            plain)
        : plain;
  }

  private Protocol protocol(java.net.SocketAddress peer) {
    Protocol inner = site.buildProtocol(peer);
    return new Protocol() {
      private Transport transport;

      @Override
      public void connectionMade(Transport t) {
        transport = t;
        connections.add(t);
        inner.connectionMade(t);
      }

      @Override
      public void dataReceived(ByteBuffer data) {
        inner.dataReceived(data);
      }

      @Override
      public void connectionLost(Throwable reason) {
        connections.remove(transport);
        inner.connectionLost(reason);
      }
    };
  }

  /** Starts serving; a server with its own reactor starts the reactor's (non-daemon) thread. */
  @Override
  public synchronized void start() {
    if (port == null) {
      throw new IllegalStateException("the server is not bound");
    }
    if (started || stopped) {
      throw new IllegalStateException("the server was already started");
    }
    if (https && configurator == null) {
      throw new IllegalStateException("set an HttpsConfigurator before starting an HTTPS server");
    }
    started = true;
    if (ownsReactor) {
      reactorThread = Thread.ofPlatform().name("braid-httpserver").start(reactor::run);
    }
  }

  /**
   * Sets the executor handlers run on; {@code null} means a new virtual thread per exchange (the
   * default). Set it before {@link #start()}.
   */
  @Override
  public void setExecutor(Executor executor) {
    this.executor = executor;
  }

  /** The executor set by the application, or null (virtual threads). */
  @Override
  public Executor getExecutor() {
    return executor;
  }

  /**
   * Stops accepting connections, waits up to {@code delay} seconds for the exchanges in progress to
   * finish, then closes every connection (and stops the server's own reactor). Blocks the calling
   * thread, which must not be the reactor's.
   */
  @Override
  public void stop(int delay) {
    if (delay < 0) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    boolean running = !ownsReactor || reactorThread != null;
    if (!running) {
      if (port != null) {
        port.stopListening();
      }
      return;
    }
    try {
      onReactor(
          () -> {
            Deferred<Void> closed =
                port != null ? port.stopListening() : Deferred.<Void>succeed(null);
            return closed
                .addDeferredCallback(
                    ignored -> {
                      if (active == 0) {
                        return Deferred.<Void>succeed(null);
                      }
                      drained = new Deferred<>();
                      Deferred<Void> waiting = drained;
                      var timer =
                          reactor.callLater(
                              Duration.ofSeconds(delay),
                              () -> {
                                if (!waiting.called()) {
                                  waiting.callback(null);
                                }
                              });
                      return waiting.addCallback(
                          v -> {
                            if (timer.active()) {
                              timer.cancel();
                            }
                            return v;
                          });
                    })
                .addCallback(
                    ignored -> {
                      for (Transport t : List.copyOf(connections)) {
                        t.abortConnection();
                      }
                      return null;
                    });
          });
    } catch (IOException | UncheckedIOException e) {
      // the port was already closed: nothing more to stop
    }
    if (ownsReactor) {
      reactor.stop();
      try {
        reactorThread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public HttpContext createContext(String path, HttpHandler handler) {
    Objects.requireNonNull(handler, "handler");
    return addContext(path, handler);
  }

  @Override
  public HttpContext createContext(String path) {
    return addContext(path, null);
  }

  private synchronized HttpContext addContext(String path, HttpHandler handler) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a context path starts with /: " + path);
    }
    for (BraidHttpContext c : contexts) {
      if (c.getPath().equals(path)) {
        throw new IllegalArgumentException("a context already exists for " + path);
      }
    }
    BraidHttpContext context = new BraidHttpContext(path, handler, facade);
    contexts.add(context);
    return context;
  }

  @Override
  public synchronized void removeContext(String path) {
    if (!contexts.removeIf(c -> c.getPath().equals(path))) {
      throw new IllegalArgumentException("no context for " + path);
    }
  }

  @Override
  public synchronized void removeContext(HttpContext context) {
    if (!contexts.remove(context)) {
      throw new IllegalArgumentException("not a context of this server: " + context.getPath());
    }
  }

  /** The bound address (with the port the system chose for port 0), or null when not bound. */
  @Override
  public InetSocketAddress getAddress() {
    return address;
  }

  /** The context for {@code path}: the longest context path that prefixes it. */
  private BraidHttpContext find(String path) {
    BraidHttpContext best = null;
    for (BraidHttpContext c : contexts) {
      if (path.startsWith(c.getPath())
          && c.getHandler() != null
          && (best == null || c.getPath().length() > best.getPath().length())) {
        best = c;
      }
    }
    return best;
  }

  private <T> T onReactor(Callable<Deferred<T>> call) throws IOException {
    try {
      if (reactor.isReactorThread() || !reactor.running()) {
        Deferred<T> d = call.call();
        Object[] result = new Object[2];
        d.addCallbacks(
            v -> {
              result[0] = v;
              return null;
            },
            e -> {
              result[1] = e;
              return null;
            });
        if (result[1] instanceof Throwable t) {
          throw t;
        }
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
      }
      return reactor.blockingCallFromThread(call);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (Throwable e) {
      throw new IOException(e);
    }
  }

  /** Finds the context for each request and runs its handler. */
  private final class Dispatcher implements Resource {
    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    public Deferred<Void> render(Request request) {
      String path = "/" + String.join("/", request.segments());
      BraidHttpContext context = find(path);
      if (context == null) {
        return request.respondError(404, "No context found for the request.");
      }
      Executor run = executor;
      if (run == null) {
        run = r -> Thread.ofVirtual().name("braid-http-handler").start(r);
      }
      active++;
      return BraidHttpExchange.serve(reactor, request, context, run, address, Long.MAX_VALUE)
          .addFinally(
              () -> {
                active--;
                if (active == 0 && drained != null && !drained.called()) {
                  drained.callback(null);
                }
              });
    }
  }
}
