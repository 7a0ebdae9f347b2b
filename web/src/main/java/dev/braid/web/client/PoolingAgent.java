package dev.braid.web.client;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import dev.braid.time.ReactorTime;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.HttpVersion;
import dev.braid.web.http1.RequestHead;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The agent that talks to servers: keeps a pool of persistent connections per origin (scheme, host,
 * port), at most {@code maxPerOrigin} open at once (more requests wait their turn), closes idle
 * ones after {@code idleTimeout}; speaks HTTPS through Braid's TLS with certificate and hostname
 * verification on by default; can go through an HTTP proxy (absolute-form requests for {@code
 * http}, a CONNECT tunnel for {@code https}). A request on a reused connection that fails before
 * any response byte (the server closed it while idle) is retried once on a new connection when it
 * is idempotent and has no body.
 *
 * <p>Build with {@link Agent#builder(Reactor)}. Reactor thread only.
 */
public final class PoolingAgent implements Agent, ClientConnection.Owner {
  /** Where connections go: scheme, host and port of the origin. */
  record Origin(boolean https, String host, int port) {
    @Override
    public String toString() {
      return (https ? "https://" : "http://") + authority();
    }

    String authority() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private final class HostPool {
    final ArrayDeque<ClientConnection> idle = new ArrayDeque<>();
    final Set<ClientConnection> open = new LinkedHashSet<>();
    final ArrayDeque<Deferred<ClientConnection>> waiters = new ArrayDeque<>();
  }

  private static final List<String> IDEMPOTENT =
      List.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  private final Reactor reactor;
  private final ReactorTime clock;
  private final TlsOptions tls;
  private final int maxPerOrigin;
  private final Duration idleTimeout;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final Optional<URI> proxy;
  private final HttpHeaders proxyHeaders;
  private final Map<Origin, HostPool> pools = new HashMap<>();
  private final List<Deferred<Void>> closeWaiters = new ArrayList<>();
  private boolean closing;

  private PoolingAgent(Builder b) {
    this.reactor = b.reactor;
    this.clock = b.clock;
    this.tls = b.tls;
    this.maxPerOrigin = b.maxPerOrigin;
    this.idleTimeout = b.idleTimeout;
    this.connectTimeout = b.connectTimeout;
    this.responseTimeout = b.responseTimeout;
    this.proxy = b.proxy;
    this.proxyHeaders = b.proxyHeaders;
  }

  static Builder builder(Reactor reactor) {
    return new Builder(reactor);
  }

  @Override
  public Deferred<Response> request(
      String method, URI uri, HttpHeaders headers, Optional<BodyProducer> body) {
    Origin origin;
    RequestHead head;
    try {
      origin = origin(uri);
      head = head(method, uri, origin, headers, body);
    } catch (IllegalArgumentException e) {
      return Deferred.fail(e);
    }
    return attempt(origin, head, uri, body, true);
  }

  private Deferred<Response> attempt(
      Origin origin, RequestHead head, URI uri, Optional<BodyProducer> body, boolean mayRetry) {
    return acquire(origin)
        .addDeferredCallback(
            connection -> {
              boolean reused = connection.reused();
              return connection
                  .send(head, uri, body, responseTimeout)
                  .addErrback(
                      ResponseFailedException.class,
                      error -> {
                        if (mayRetry
                            && reused
                            && body.isEmpty()
                            && connection.failedBeforeResponse()
                            && IDEMPOTENT.contains(head.method())) {
                          return null; // a stale keep-alive connection: try a new one
                        }
                        throw error;
                      });
            })
        .addDeferredCallback(
            response ->
                response != null
                    ? Deferred.succeed(response)
                    : attempt(origin, head, uri, body, false));
  }

  private static Origin origin(URI uri) {
    String scheme = Objects.requireNonNullElse(uri.getScheme(), "").toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http or https URI: " + uri);
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("URI without a host: " + uri);
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    boolean https = scheme.equals("https");
    int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
    return new Origin(https, host.toLowerCase(Locale.ROOT), port);
  }

  private RequestHead head(
      String method, URI uri, Origin origin, HttpHeaders headers, Optional<BodyProducer> body) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String target =
        proxy.isPresent() && !origin.https()
            ? (origin.https() ? "https://" : "http://") + uri.getRawAuthority() + path + query
            : path + query;
    HttpHeaders.Builder builder =
        headers.toBuilder().remove("Content-Length").remove("Transfer-Encoding");
    if (!headers.contains("Host")) {
      boolean defaultPort = origin.port() == (origin.https() ? 443 : 80);
      String host = origin.host().indexOf(':') >= 0 ? "[" + origin.host() + "]" : origin.host();
      builder =
          HttpHeaders.builder()
              .add("Host", defaultPort ? host : host + ":" + origin.port())
              .addAll(builder.build());
    }
    if (proxy.isPresent() && !origin.https()) {
      proxyHeaders.forEach(builder::add);
    }
    if (body.isPresent()) {
      if (body.get().length().isPresent()) {
        builder.add("Content-Length", Long.toString(body.get().length().getAsLong()));
      } else {
        builder.add("Transfer-Encoding", "chunked");
      }
    } else if (List.of("POST", "PUT", "PATCH").contains(method)) {
      builder.add("Content-Length", "0");
    }
    return new RequestHead(method, target, HttpVersion.HTTP_1_1, builder.build());
  }

  private Deferred<ClientConnection> acquire(Origin origin) {
    HostPool pool = pools.computeIfAbsent(origin, o -> new HostPool());
    while (!pool.idle.isEmpty()) {
      ClientConnection connection = pool.idle.pollLast();
      ClientConnection.cancel(connection.idleTimer);
      connection.idleTimer = null;
      if (connection.usable()) {
        return Deferred.succeed(connection);
      }
    }
    if (pool.open.size() < maxPerOrigin) {
      return connect(origin, pool);
    }
    Deferred<ClientConnection> waiter = new Deferred<>(d -> pool.waiters.remove(d));
    pool.waiters.add(waiter);
    return waiter;
  }

  private Deferred<ClientConnection> connect(Origin origin, HostPool pool) {
    ClientConnection connection = new ClientConnection(origin, this, clock);
    pool.open.add(connection);
    ProtocolFactory app = peer -> connection;
    String host = origin.host();
    int port = origin.port();
    ProtocolFactory factory;
    if (proxy.isPresent()) {
      URI p = proxy.get();
      host = p.getHost();
      port = p.getPort() >= 0 ? p.getPort() : 80;
      if (origin.https()) {
        ProtocolFactory tlsFactory =
            Tls.clientFactory(reactor, tls, origin.host(), origin.port(), app);
        factory =
            peer -> new ConnectTunnel(origin.authority(), tlsFactory, connection, proxyHeaders);
      } else {
        factory = app;
      }
    } else {
      factory = origin.https() ? Tls.clientFactory(reactor, tls, host, port, app) : app;
    }
    ProtocolFactory chosen = factory;
    Connector connector =
        reactor.connectTcp(
            host,
            port,
            new ClientFactory() {
              @Override
              public Protocol buildProtocol(SocketAddress peer) {
                return connection.watchHandshake(chosen.buildProtocol(peer));
              }

              @Override
              public void clientConnectionFailed(Connector c, Throwable reason) {
                connection.connectFailed(reason);
              }

              @Override
              public void clientConnectionLost(Connector c, Throwable reason) {
                connection.connectFailed(reason);
              }
            },
            TcpConnectOptions.defaults().withTimeout(connectTimeout));
    Deferred<ClientConnection> ready =
        new Deferred<>(
            d -> {
              if (connector.state() == Connector.State.CONNECTING) {
                connector.stopConnecting();
              }
            });
    connection.ready.addCallbacks(
        c -> {
          if (!ready.called()) {
            ready.callback(c);
          } else {
            released(c);
          }
          return null;
        },
        error -> {
          closed(connection);
          if (!ready.called()) {
            ready.errback(error);
          }
          return null;
        });
    return ready;
  }

  @Override
  public void released(ClientConnection connection) {
    HostPool pool = pools.get(connection.origin);
    if (pool == null || !pool.open.contains(connection)) {
      return;
    }
    Deferred<ClientConnection> waiter = pool.waiters.poll();
    if (waiter != null) {
      waiter.callback(connection);
      return;
    }
    if (closing) {
      connection.closeIdle();
      return;
    }
    pool.idle.add(connection);
    connection.idleTimer = clock.callLater(idleTimeout, connection::closeIdle);
  }

  @Override
  public void closed(ClientConnection connection) {
    HostPool pool = pools.get(connection.origin);
    if (pool == null || !pool.open.remove(connection)) {
      return;
    }
    pool.idle.remove(connection);
    if (!pool.waiters.isEmpty() && pool.open.size() < maxPerOrigin) {
      Deferred<ClientConnection> waiter = pool.waiters.poll();
      connect(connection.origin, pool).chain(waiter);
    }
    if (pool.open.isEmpty() && pool.waiters.isEmpty()) {
      pools.remove(connection.origin);
    }
    if (pools.isEmpty() && !closeWaiters.isEmpty()) {
      closing = false;
      List<Deferred<Void>> waiting = new ArrayList<>(closeWaiters);
      closeWaiters.clear();
      waiting.forEach(d -> d.callback(null));
    }
  }

  /** How many connections are open to {@code uri}'s origin (idle or busy). */
  public int openConnections(URI uri) {
    HostPool pool = pools.get(origin(uri));
    return pool == null ? 0 : pool.open.size();
  }

  /**
   * Closes every idle connection, now and as busy ones become idle; fires once no connection of
   * this agent is open. Requests made after this still work (and open new connections).
   */
  public Deferred<Void> close() {
    closing = true;
    for (HostPool pool : new ArrayList<>(pools.values())) {
      for (ClientConnection connection : new ArrayList<>(pool.idle)) {
        connection.closeIdle();
      }
    }
    if (pools.isEmpty()) {
      closing = false;
      return Deferred.succeed(null);
    }
    Deferred<Void> done = new Deferred<>();
    closeWaiters.add(done);
    return done;
  }

  /** Configures a {@link PoolingAgent}; use once, on one thread. */
  public static final class Builder {
    private final Reactor reactor;
    private ReactorTime clock;
    private TlsOptions tls;
    private int maxPerOrigin = 8;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private Optional<URI> proxy = Optional.empty();
    private HttpHeaders proxyHeaders = HttpHeaders.empty();

    private Builder(Reactor reactor) {
      this.reactor = reactor;
      this.clock = reactor;
    }

    /** The clock for idle and response timeouts (default: the reactor); tests pass a fake one. */
    public Builder clock(ReactorTime clock) {
      this.clock = clock;
      return this;
    }

    /** Client TLS options for {@code https} (default: JDK trust store, verification on). */
    public Builder tls(TlsOptions options) {
      if (options.isServer()) {
        throw new IllegalArgumentException("the agent needs client TLS options");
      }
      this.tls = options;
      return this;
    }

    /** The most connections open at once to one origin (default 8). */
    public Builder maxPerOrigin(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPerOrigin must be at least 1");
      }
      this.maxPerOrigin = max;
      return this;
    }

    /** How long an unused persistent connection stays open (default 60 s). */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = timeout;
      return this;
    }

    /** The TCP connect timeout (default 30 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** The longest wait from sending a request to its response head (default 60 s). */
    public Builder responseTimeout(Duration timeout) {
      this.responseTimeout = timeout;
      return this;
    }

    /**
     * Sends every request through the HTTP proxy {@code http://host:port}, with {@code headers}
     * (such as Proxy-Authorization) added to what the proxy reads.
     */
    public Builder proxy(URI proxy, HttpHeaders headers) {
      if (!"http".equalsIgnoreCase(proxy.getScheme()) || proxy.getHost() == null) {
        throw new IllegalArgumentException("proxy must be http://host:port, got " + proxy);
      }
      this.proxy = Optional.of(proxy);
      this.proxyHeaders = headers;
      return this;
    }

    /** The agent. */
    public PoolingAgent build() {
      if (tls == null) {
        tls = TlsOptions.client().build();
      }
      return new PoolingAgent(this);
    }
  }
}
