package dev.braid.web;

import dev.braid.defer.Deferred;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.time.ReactorTime;
import java.net.SocketAddress;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 web site: a tree of {@link Resource}s under a root, settings, sessions and an access
 * log, served on any stream endpoint as a {@link ProtocolFactory} (each connection gets an HTTP/1.1
 * server protocol; over TLS the requests say {@link Request#isSecure()}).
 *
 * <p>Build it with {@link #create} or {@link #builder}. Timers (header and idle timeouts, the
 * session expiry, the cached {@code Date}) run on the {@link ReactorTime} given; the wall clock for
 * {@code Date} and the access log is an {@link InstantSource} (the system's by default), so tests
 * control both. Used on the reactor thread only.
 */
public final class Site implements ProtocolFactory {
  private static final Logger LOG = LoggerFactory.getLogger(Site.class);

  private final ReactorTime time;
  private final Resource root;
  private final SiteSettings settings;
  private final InstantSource wallClock;
  private final Optional<AccessLog> accessLog;
  private final Sessions sessions;
  private final HttpDate dates;
  private final byte[] serverLine;
  private final ClientFaults clientFaults;

  /** The connections open now (each added when made, removed when lost). */
  private final Set<HttpChannel> channels = new LinkedHashSet<>();

  /** Fired when the site stops and its last connection is gone; created by {@link #shutdown}. */
  private Deferred<Void> drained;

  private Site(Builder b) {
    this.time = b.time;
    this.root = b.root;
    this.settings = b.settings;
    this.wallClock = b.wallClock;
    this.accessLog = b.accessLog;
    this.sessions = new Sessions(this);
    this.dates = new HttpDate(time, wallClock);
    this.clientFaults = new ClientFaults(time);
    this.serverLine =
        settings.serverName().isEmpty()
            ? null
            : HeadBytes.fieldLine("Server", settings.serverName());
  }

  /** A site serving {@code root} with default settings and the system wall clock. */
  public static Site create(ReactorTime time, Resource root) {
    return builder(time, root).build();
  }

  /** A builder for a site serving {@code root}, its timers on {@code time}. */
  public static Builder builder(ReactorTime time, Resource root) {
    return new Builder(time, root);
  }

  /** The root resource. */
  public Resource root() {
    return root;
  }

  /** The settings. */
  public SiteSettings settings() {
    return settings;
  }

  /** The reactor clock the site's timers run on. */
  public ReactorTime time() {
    return time;
  }

  /** The wall clock used for {@code Date} headers, logs and sessions' cookies. */
  public InstantSource wallClock() {
    return wallClock;
  }

  Sessions sessions() {
    return sessions;
  }

  String date() {
    return dates.now();
  }

  /** {@code Date: <now>\r\n}, formatted and encoded at most once per second. */
  byte[] dateLine() {
    return dates.nowLine();
  }

  /** {@code Server: <name>\r\n}, or null when the settings name no server. */
  byte[] serverLine() {
    return serverLine;
  }

  @Override
  public Protocol buildProtocol(SocketAddress peer) {
    return new HttpChannel(this);
  }

  @Override
  public void stopFactory() {
    sessions.expireAll();
  }

  /**
   * Stops the site gracefully: connections with nothing in flight (idle keep-alive connections, and
   * those still waiting for their first request's head) close now; a connection answering a request
   * finishes that response, with {@code Connection: close}, then closes; a connection made after
   * this call closes at once. The Deferred fires when the last connection is gone. Stop listening
   * first, so that no new connection comes; bound the wait (the {@code braid} command waits at most
   * its {@code --shutdown-timeout}, then closes what is left). Calling it again returns the same
   * Deferred. Reactor thread only.
   */
  public Deferred<Void> shutdown() {
    if (drained == null) {
      drained = new Deferred<>();
      for (HttpChannel channel : List.copyOf(channels)) {
        channel.siteStopping();
      }
      fireIfDrained();
    }
    return drained;
  }

  /** True once {@link #shutdown} was called. */
  boolean stopping() {
    return drained != null;
  }

  /** The number of connections open now. */
  public int openConnections() {
    return channels.size();
  }

  void channelOpened(HttpChannel channel) {
    channels.add(channel);
  }

  void channelClosed(HttpChannel channel) {
    channels.remove(channel);
    if (drained != null) {
      fireIfDrained();
    }
  }

  private void fireIfDrained() {
    if (channels.isEmpty() && !drained.called()) {
      drained.callback(null);
    }
  }

  /** Walks the tree for {@code request} and renders the resource found. */
  Deferred<Void> dispatch(Request request) {
    return renderFrom(root, request);
  }

  /**
   * Walks the segments of {@code request} after its prepath down from {@code start} (a wrapper such
   * as {@link VirtualHosts} or {@link BasicAuth} handing over to its tree) and renders the resource
   * found; a thrown exception becomes a failed Deferred.
   */
  static Deferred<Void> renderFrom(Resource start, Request request) {
    try {
      Resource r = start;
      int walked = request.prepathLength();
      var segments = request.segments();
      while (walked < segments.size() && !r.isLeaf()) {
        r = r.getChild(segments.get(walked), request);
        walked++;
      }
      request.walked(walked);
      Deferred<Void> d = r.render(request);
      return d == null ? Deferred.succeed(null) : d;
    } catch (Exception | LinkageError | AssertionError e) {
      return Deferred.fail(e);
    }
  }

  void logAccess(Request request) {
    if (accessLog.isPresent()) {
      accessLog.get().log(request, wallClock.instant());
    }
  }

  ClientFaults clientFaults() {
    return clientFaults;
  }

  /**
   * Logs a failed render: at ERROR with its trace when the server failed, as a client fault (INFO,
   * no trace, rate-limited) when the failure comes from the client's own fault, a request body that
   * failed with a 4xx status (too slow, too large, broken framing) or a client that left.
   */
  void logRenderError(Request request, Throwable error) {
    Optional<String> fault = request.clientFault(error);
    if (fault.isPresent()) {
      clientFaults.log(
          request.clientAddress(),
          request.method() + " " + request.target() + " failed: " + fault.get());
      return;
    }
    LOG.error("Error rendering {} {}", request.method(), request.target(), error);
  }

  /** Builds a {@link Site}; single use, any thread. */
  public static final class Builder {
    private final ReactorTime time;
    private final Resource root;
    private SiteSettings settings = SiteSettings.defaults();
    private InstantSource wallClock = InstantSource.system();
    private Optional<AccessLog> accessLog = Optional.empty();

    private Builder(ReactorTime time, Resource root) {
      this.time = time;
      this.root = root;
    }

    /** Uses {@code s} instead of {@link SiteSettings#defaults()}. */
    public Builder settings(SiteSettings s) {
      this.settings = s;
      return this;
    }

    /** Uses {@code clock} for {@code Date} headers, the access log and cookie expiry. */
    public Builder wallClock(InstantSource clock) {
      this.wallClock = clock;
      return this;
    }

    /** Writes one Combined Log Format line per response to {@code log}. */
    public Builder accessLog(AccessLog log) {
      this.accessLog = Optional.of(log);
      return this;
    }

    /** The site. */
    public Site build() {
      return new Site(this);
    }
  }
}
