package dev.braid.web.proxy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.PushProducers;
import dev.braid.reactor.Reactor;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import dev.braid.web.Html;
import dev.braid.web.HttpStatusException;
import dev.braid.web.Request;
import dev.braid.web.Resource;
import dev.braid.web.client.Agent;
import dev.braid.web.client.BodyConsumer;
import dev.braid.web.client.BodyProducer;
import dev.braid.web.client.PoolingAgent;
import dev.braid.web.client.Response;
import dev.braid.web.client.ResponseTimeoutException;
import dev.braid.web.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards every request under its place in the resource tree to an upstream HTTP server (Twisted's
 * {@code ReverseProxyResource}). It is a leaf: the path below it ({@link Request#postpath()}) is
 * joined onto the upstream's path prefix, the query string kept, so with the resource at {@code
 * /api} and the upstream {@code http://10.0.0.5:8000/v1}, {@code GET /api/users?id=3} becomes
 * {@code GET /v1/users?id=3}.
 *
 * <p>The request is parsed by the {@link dev.braid.web.Site} and written again by the {@linkplain
 * PoolingAgent client}; raw bytes never pass through. Hop-by-hop headers (Connection, Keep-Alive,
 * Proxy-Connection, TE, Trailer, Transfer-Encoding, Upgrade, Proxy-Authorization,
 * Proxy-Authenticate and every header named in Connection) are removed both ways, and {@code
 * Expect} is answered by the site itself. {@code X-Forwarded-For} gets the client's address
 * appended, {@code X-Forwarded-Proto} and {@code X-Forwarded-Host} are set. {@code Host} names the
 * upstream unless {@link Builder#preserveHost(boolean)}.
 *
 * <p>Both bodies stream with backpressure: a client that reads slowly pauses the upstream
 * connection's reading, an upstream that reads slowly pauses the client connection's reading, so
 * memory stays bounded by the connections' buffers whatever the body size. An upstream that cannot
 * be reached, resets or answers a malformed response gives 502 Bad Gateway (the page names the
 * path; the upstream's address and the error are logged, not shown); one that has not answered the
 * head within the response timeout gives 504 Gateway Timeout. A failure after the response head
 * went to the client aborts the client's connection, so the client sees the response cut short
 * rather than a truncated body taken for complete.
 *
 * <p>Reactor thread only. When the resource built its own pool, {@link #close()} closes it.
 */
public final class ReverseProxyResource implements Resource {
  private static final Logger log = LoggerFactory.getLogger(ReverseProxyResource.class);

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-authorization",
          "proxy-authenticate");

  private final URI upstream;
  private final String prefix;
  private final Agent agent;
  private final Optional<PoolingAgent> ownedPool;
  private final ReactorTime clock;
  private final Duration responseTimeout;
  private final boolean preserveHost;
  private final long maxBody;

  private ReverseProxyResource(Builder b) {
    this.upstream = b.upstream;
    String path = Objects.requireNonNullElse(b.upstream.getRawPath(), "");
    this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.clock = b.clock.orElse(b.reactor);
    this.responseTimeout = b.responseTimeout;
    this.preserveHost = b.preserveHost;
    this.maxBody = b.maxBody;
    if (b.agent.isPresent()) {
      this.agent = b.agent.get();
      this.ownedPool = Optional.empty();
    } else {
      PoolingAgent pool =
          Agent.builder(b.reactor)
              .maxPerOrigin(b.maxConnections)
              // the proxy's own timer measures the response timeout (from the end of the request
              // body); the pool's, which would include the upload, must not cut long uploads
              .responseTimeout(Duration.ofDays(1))
              .build();
      this.agent = pool;
      this.ownedPool = Optional.of(pool);
    }
  }

  /** A proxy to {@code upstream} ({@code http://host:port[/prefix]}) with default settings. */
  public static ReverseProxyResource create(Reactor reactor, URI upstream) {
    return builder(reactor, upstream).build();
  }

  /**
   * A builder for a proxy to {@code upstream}, an {@code http} (or {@code https}) URI with a host,
   * an optional port and an optional path prefix, and no query or fragment.
   */
  public static Builder builder(Reactor reactor, URI upstream) {
    return new Builder(reactor, upstream);
  }

  /** The upstream URI this resource forwards to. */
  public URI upstream() {
    return upstream;
  }

  /**
   * Closes the connection pool the resource made for itself (nothing when it was given an agent);
   * fires when its connections are closed.
   */
  public Deferred<Void> close() {
    return ownedPool.map(PoolingAgent::close).orElseGet(() -> Deferred.succeed(null));
  }

  /** Always true: the rest of the path goes to the upstream. */
  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    URI target = upstreamUri(request);
    HttpHeaders headers = requestHeaders(request);
    Optional<BodyProducer> body = requestBody(request);
    Exchange exchange = new Exchange(request, body);
    Deferred<Response> pending = agent.request(request.method(), target, headers, body);
    exchange.pending = pending;
    if (body.isPresent() && body.get() instanceof StreamedBody streamed) {
      streamed.sent.addListener(ignored -> exchange.startTimer());
    } else {
      exchange.startTimer();
    }
    request
        .notifyFinish()
        .addErrback(
            error -> {
              exchange.clientGone();
              return null;
            });
    pending.addCallbacks(
        response -> {
          exchange.relay(response);
          return null;
        },
        error -> {
          exchange.upstreamFailed(error);
          return null;
        });
    return exchange.done;
  }

  /** The upstream URI for {@code request}: prefix, the rest of the path, the query. */
  URI upstreamUri(Request request) {
    StringBuilder path = new StringBuilder(prefix);
    List<String> rest = request.postpath();
    for (String segment : rest) {
      path.append('/').append(Html.encodeSegment(segment));
    }
    if (path.isEmpty()) {
      path.append('/');
    }
    String query = request.rawQuery().map(q -> "?" + q).orElse("");
    return URI.create(upstream.getScheme() + "://" + upstream.getRawAuthority() + path + query);
  }

  private HttpHeaders requestHeaders(Request request) {
    HttpHeaders in = request.headers();
    Set<String> drop = dropped(in);
    drop.add("host");
    drop.add("content-length");
    drop.add("expect");
    drop.add("x-forwarded-proto");
    drop.add("x-forwarded-host");
    drop.add("x-forwarded-for");
    HttpHeaders.Builder out = HttpHeaders.builder();
    if (preserveHost) {
      request.header("Host").ifPresent(h -> out.add("Host", h));
    }
    for (HttpHeaders.Field f : in.fields()) {
      if (!drop.contains(f.name().toLowerCase(Locale.ROOT))) {
        out.add(f.name(), f.value());
      }
    }
    List<String> forwardedFor = in.getAll("X-Forwarded-For");
    String client = clientIp(request.clientAddress());
    String chain =
        forwardedFor.isEmpty() ? client : String.join(", ", forwardedFor) + ", " + client;
    out.add("X-Forwarded-For", chain);
    out.add("X-Forwarded-Proto", request.isSecure() ? "https" : "http");
    request.header("Host").ifPresent(h -> out.add("X-Forwarded-Host", h));
    return out.build();
  }

  private static String clientIp(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      String ip =
          inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
      int zone = ip.indexOf('%');
      return zone >= 0 ? ip.substring(0, zone) : ip;
    }
    return "unknown";
  }

  /** Hop-by-hop header names (lower case) of {@code headers}, with those named in Connection. */
  static Set<String> dropped(HttpHeaders headers) {
    Set<String> names = new HashSet<>(HOP_BY_HOP);
    for (String token : headers.getTokens("Connection")) {
      names.add(token.toLowerCase(Locale.ROOT));
    }
    return names;
  }

  private Optional<BodyProducer> requestBody(Request request) {
    Optional<String> cl = request.header("Content-Length");
    boolean chunked = request.header("Transfer-Encoding").isPresent();
    if (cl.isEmpty() && !chunked) {
      return Optional.empty();
    }
    OptionalLong length = OptionalLong.empty();
    if (cl.isPresent() && !chunked) {
      length = OptionalLong.of(Long.parseLong(cl.get().strip()));
    }
    // nothing is read until the upstream connection asks for the body
    request.pauseBody();
    return Optional.of(new StreamedBody(request, length, maxBody));
  }

  /** The client's request body, read as the upstream connection takes it. */
  private static final class StreamedBody implements BodyProducer {
    private final Request request;
    private final OptionalLong length;
    private final long maxBody;
    private Optional<Throwable> failure = Optional.empty();
    private boolean paused = true;

    /** Fires once the whole body was handed to the upstream connection. */
    final Deferred<Void> sent = new Deferred<>();

    StreamedBody(Request request, OptionalLong length, long maxBody) {
      this.request = request;
      this.length = length;
      this.maxBody = maxBody;
    }

    @Override
    public OptionalLong length() {
      return length;
    }

    @Override
    public Deferred<Void> startProducing(Consumer<ByteString> consumer) {
      Deferred<Void> done = new Deferred<>();
      request.allowBody(maxBody);
      request.readBody(
          new dev.braid.web.BodyConsumer() {
            @Override
            public void bodyData(ByteBuffer data) {
              consumer.accept(ByteString.copyOf(data));
            }

            @Override
            public void bodyEnd() {
              done.callback(null);
              sent.callback(null);
            }

            @Override
            public void bodyFailed(Throwable reason) {
              failure = Optional.of(reason);
              done.errback(reason);
            }
          });
      resumeProducing();
      return done;
    }

    @Override
    public void pauseProducing() {
      if (!paused) {
        paused = true;
        request.pauseBody();
      }
    }

    @Override
    public void resumeProducing() {
      if (paused) {
        paused = false;
        request.resumeBody();
      }
    }

    @Override
    public void stopProducing() {
      resumeProducing();
    }
  }

  /** One proxied request: waits for the upstream's response, then relays it. */
  private final class Exchange {
    final Request request;
    final Optional<BodyProducer> body;
    final Deferred<Void> done = new Deferred<>();
    Deferred<Response> pending;
    Optional<Response> response = Optional.empty();
    Optional<DelayedCall> timer = Optional.empty();
    boolean gone;
    boolean timedOut;

    /** Starts the response timeout: the upstream's head must come within it. */
    void startTimer() {
      if (pending.called() && !pending.paused() || gone) {
        return;
      }
      timer =
          Optional.of(
              clock.callLater(
                  responseTimeout,
                  () -> {
                    timedOut = true;
                    pending.cancel();
                  }));
    }

    private void stopTimer() {
      timer.filter(DelayedCall::active).ifPresent(DelayedCall::cancel);
      timer = Optional.empty();
    }

    Exchange(Request request, Optional<BodyProducer> body) {
      this.request = request;
      this.body = body;
    }

    void clientGone() {
      gone = true;
      stopTimer();
      if (response.isPresent()) {
        response.get().stopBody();
      } else if (pending != null) {
        pending.cancel();
      }
      if (!done.called()) {
        done.callback(null);
      }
    }

    void upstreamFailed(Throwable error) {
      stopTimer();
      if (gone || done.called()) {
        return;
      }
      Optional<Throwable> bodyError =
          body.flatMap(b -> b instanceof StreamedBody s ? s.failure : Optional.empty());
      if (bodyError.isPresent() && bodyError.get() instanceof HttpStatusException status) {
        done.errback(status);
        return;
      }
      if (timedOut || error instanceof ResponseTimeoutException) {
        log.warn("{} {}: upstream {} timed out", request.method(), request.path(), upstream);
        request.setHeader("Connection", "close");
        request.respondError(504, "The upstream server did not answer in time.");
      } else {
        log.warn(
            "{} {}: upstream {} failed: {}",
            request.method(),
            request.path(),
            upstream,
            error.toString());
        // The client learns which path failed; the upstream's address and the error, which tell
        // an outsider about the network behind the proxy, go to the log above only.
        request.respondError(
            502,
            "The upstream server failed to answer /" + String.join("/", request.segments()) + ".");
      }
      done.callback(null);
    }

    void relay(Response r) {
      stopTimer();
      if (gone) {
        r.stopBody();
        return;
      }
      response = Optional.of(r);
      request.setStatus(r.status());
      Set<String> drop = dropped(r.headers());
      for (HttpHeaders.Field f : r.headers().fields()) {
        if (!drop.contains(f.name().toLowerCase(Locale.ROOT))) {
          request.addHeader(f.name(), f.value());
        }
      }
      request.registerProducer(PushProducers.of(r::pauseBody, r::resumeBody, r::stopBody));
      r.deliverBody(
          new BodyConsumer() {
            @Override
            public void dataReceived(ByteString data) {
              if (!gone) {
                request.write(data);
              }
            }

            @Override
            public void bodyEnded(HttpHeaders trailers) {
              if (gone || done.called()) {
                return;
              }
              request.unregisterProducer();
              request.finish();
              done.callback(null);
            }

            @Override
            public void bodyFailed(Throwable reason) {
              if (gone || done.called()) {
                return;
              }
              log.warn("upstream {} broke off a response body: {}", upstream, reason.toString());
              request.unregisterProducer();
              done.errback(new HttpStatusException(502, "The upstream response was cut short."));
            }
          });
    }
  }

  /** Settings of a {@link ReverseProxyResource}; not thread-safe, used once. */
  public static final class Builder {
    private final Reactor reactor;
    private final URI upstream;
    private Optional<Agent> agent = Optional.empty();
    private Optional<ReactorTime> clock = Optional.empty();
    private Duration responseTimeout = Duration.ofSeconds(30);
    private int maxConnections = 16;
    private boolean preserveHost;
    private long maxBody = Long.MAX_VALUE;

    private Builder(Reactor reactor, URI upstream) {
      this.reactor = Objects.requireNonNull(reactor);
      String scheme = Objects.requireNonNullElse(upstream.getScheme(), "");
      if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
        throw new IllegalArgumentException("the upstream must be an http URI, not " + upstream);
      }
      if (upstream.getHost() == null || upstream.getHost().isEmpty()) {
        throw new IllegalArgumentException("the upstream URI has no host: " + upstream);
      }
      if (upstream.getRawQuery() != null || upstream.getRawFragment() != null) {
        throw new IllegalArgumentException(
            "the upstream URI takes no query or fragment: " + upstream);
      }
      this.upstream = upstream;
    }

    /**
     * Sends the requests through {@code agent} (for example a pool shared by several proxies)
     * instead of a pool of the resource's own; {@link #maxConnections} then does not apply.
     */
    public Builder agent(Agent agent) {
      this.agent = Optional.of(agent);
      return this;
    }

    /** The clock of the response timeout; the reactor by default. */
    public Builder clock(ReactorTime clock) {
      this.clock = Optional.of(clock);
      return this;
    }

    /**
     * How long to wait for the upstream's response head once the request, with all its body, went
     * out (30 s by default; a long upload does not count); past it the client gets 504.
     */
    public Builder responseTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("the response timeout must be positive: " + timeout);
      }
      this.responseTimeout = timeout;
      return this;
    }

    /** The most connections the own pool opens to the upstream (16 by default). */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + max);
      }
      this.maxConnections = max;
      return this;
    }

    /** Sends the client's {@code Host} header upstream instead of the upstream's (false). */
    public Builder preserveHost(boolean preserve) {
      this.preserveHost = preserve;
      return this;
    }

    /**
     * The longest request body forwarded (unlimited by default: bodies stream, so their size costs
     * no memory); a longer one is answered 413.
     */
    public Builder maxBody(long maxBytes) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("maxBody must not be negative: " + maxBytes);
      }
      this.maxBody = maxBytes;
      return this;
    }

    /** The resource. */
    public ReverseProxyResource build() {
      return new ReverseProxyResource(this);
    }
  }
}
