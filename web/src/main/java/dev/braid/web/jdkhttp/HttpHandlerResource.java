package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpHandler;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.web.Request;
import dev.braid.web.Resource;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Mounts a {@code com.sun.net.httpserver} {@link HttpHandler} in a Braid resource tree: every
 * request under the resource's place is handed to the handler as an {@link
 * com.sun.net.httpserver.HttpExchange}, on a new virtual thread (or the {@link
 * Builder#executor(Executor) executor} given). The exchange's {@code getRequestURI()} is the full
 * request target and its context's {@code getPath()} the path the resource is mounted at, as with a
 * context of the JDK's server.
 *
 * <p>Bodies stream with backpressure both ways: the handler thread blocks in {@code write} while
 * the client is slow to read, and the connection stops reading while the handler is slow to read
 * the request body. {@code sendResponseHeaders(code, n)} sends {@code n} bytes with a
 * Content-Length for {@code n > 0}, a chunked body for 0 and no body for -1. A handler that throws
 * before sending headers gives a 500 (logged by the site), after them an aborted connection. The
 * context's filters ({@link #filters()}) and attributes apply. The local address of an exchange is
 * the {@code Host} the client asked for, unresolved.
 *
 * <p>{@link #render} runs on the reactor thread; the handler runs on its own thread.
 */
public final class HttpHandlerResource implements Resource {
  private final Reactor reactor;
  private final HttpHandler handler;
  private final Executor executor;
  private final long maxBody;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final List<Filter> filters = new CopyOnWriteArrayList<>();

  private HttpHandlerResource(Builder b) {
    this.reactor = b.reactor;
    this.handler = b.handler;
    this.executor = b.executor;
    this.maxBody = b.maxBody;
  }

  /** A resource running {@code handler} on a virtual thread per request. */
  public static HttpHandlerResource create(Reactor reactor, HttpHandler handler) {
    return builder(reactor, handler).build();
  }

  /** A builder for a resource running {@code handler}. */
  public static Builder builder(Reactor reactor, HttpHandler handler) {
    return new Builder(reactor, handler);
  }

  /** The filters run before the handler, in order (thread-safe list; add to it before serving). */
  public List<Filter> filters() {
    return filters;
  }

  /** The attributes of the handler's context (thread-safe map). */
  public Map<String, Object> attributes() {
    return attributes;
  }

  /** Always true: the handler answers for the whole subtree. */
  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Deferred<Void> render(Request request) {
    String path = "/" + String.join("/", request.prepath());
    BraidHttpContext context = new BraidHttpContext(path, handler, null, attributes, filters);
    return BraidHttpExchange.serve(
        reactor, request, context, executor, localAddress(request), maxBody);
  }

  private static InetSocketAddress localAddress(Request request) {
    String host = request.header("Host").orElse("localhost").strip();
    int port = request.isSecure() ? 443 : 80;
    int colon = host.lastIndexOf(':');
    if (colon > 0 && colon > host.lastIndexOf(']')) {
      try {
        port = Integer.parseInt(host.substring(colon + 1));
        host = host.substring(0, colon);
      } catch (NumberFormatException e) {
        // keep the default port
      }
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  /** Settings of an {@link HttpHandlerResource}; used once, on one thread. */
  public static final class Builder {
    private final Reactor reactor;
    private final HttpHandler handler;
    private Executor executor = r -> Thread.ofVirtual().name("braid-http-handler").start(r);
    private long maxBody = Long.MAX_VALUE;

    private Builder(Reactor reactor, HttpHandler handler) {
      this.reactor = Objects.requireNonNull(reactor);
      this.handler = Objects.requireNonNull(handler);
    }

    /** Runs the handler with {@code executor} instead of a new virtual thread per request. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor);
      return this;
    }

    /**
     * The longest request body the handler may read (unlimited by default: bodies stream); past it
     * the stream fails and the client gets 413.
     */
    public Builder maxBody(long maxBytes) {
      if (maxBytes < 0) {
        throw new IllegalArgumentException("maxBody must not be negative: " + maxBytes);
      }
      this.maxBody = maxBytes;
      return this;
    }

    /** The resource. */
    public HttpHandlerResource build() {
      return new HttpHandlerResource(this);
    }
  }
}
