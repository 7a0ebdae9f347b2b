package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.web.HttpStatusException;
import dev.braid.web.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, seen through {@link HttpExchange} by a handler thread, with the
 * {@link Request} on the reactor thread behind it. Every call that touches the connection is sent
 * to the reactor with {@code callFromThread}; the body streams block the handler thread for
 * backpressure. Over TLS the handler sees it through a {@link BraidHttpsExchange}, an {@code
 * HttpsExchange} with the connection's session.
 */
final class BraidHttpExchange extends HttpExchange {
  private static final Logger log = LoggerFactory.getLogger(BraidHttpExchange.class);

  private final Reactor reactor;
  private final Request request;
  private final HttpContext context;
  private final Headers requestHeaders = new Headers();
  private final Headers responseHeaders = new Headers();
  private final URI uri;
  private final String method;
  private final String protocol;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final Map<String, Object> attributes = new ConcurrentHashMap<>();
  private final RequestBodyStream in;
  private final ResponseBodyStream out;

  /** Fired on the reactor thread when the response is complete (or failed: abort or 500). */
  final Deferred<Void> done = new Deferred<>();

  private InputStream inOverride;
  private OutputStream outOverride;
  private volatile int responseCode = -1;
  private volatile HttpPrincipal principal;
  private boolean headersSent;
  private volatile boolean clientGone;

  /** Reactor thread. */
  BraidHttpExchange(
      Reactor reactor,
      Request request,
      HttpContext context,
      InetSocketAddress local,
      long maxBody) {
    this.reactor = reactor;
    this.request = request;
    this.context = context;
    request.headers().forEach(requestHeaders::add);
    this.uri = parseTarget(request);
    this.method = request.method();
    this.protocol = request.version();
    this.remote =
        request.clientAddress() instanceof InetSocketAddress a ? a : new InetSocketAddress(0);
    this.local = local;
    this.in = new RequestBodyStream(reactor, request, maxBody);
    this.out = new ResponseBodyStream(reactor, this, request);
  }

  private static URI parseTarget(Request request) {
    try {
      return new URI(request.target());
    } catch (URISyntaxException e) {
      try {
        return new URI(null, null, request.path(), request.rawQuery().orElse(null), null);
      } catch (URISyntaxException again) {
        return URI.create("/");
      }
    }
  }

  /**
   * Reactor thread: runs {@code context}'s filters, authenticator and handler for {@code request}
   * on {@code executor}; the Deferred fires when the response is complete.
   */
  static Deferred<Void> serve(
      Reactor reactor,
      Request request,
      HttpContext context,
      Executor executor,
      InetSocketAddress local,
      long maxBody) {
    BraidHttpExchange exchange = new BraidHttpExchange(reactor, request, context, local, maxBody);
    exchange.in.start();
    request
        .notifyFinish()
        .addErrback(
            error -> {
              exchange.clientGone(error);
              return null;
            });
    List<Filter> filters = new ArrayList<>(context.getFilters());
    Authenticator auth = context.getAuthenticator();
    if (auth != null) {
      filters.add(new AuthFilter(auth));
    }
    HttpHandler handler = context.getHandler();
    HttpExchange shown =
        request
            .tlsSession()
            .<HttpExchange>map(session -> new BraidHttpsExchange(exchange, session))
            .orElse(exchange);
    executor.execute(() -> exchange.run(new Filter.Chain(filters, handler), shown));
    return exchange.done;
  }

  /** The exchange behind {@code shown}: the one {@link #serve} made, or its TLS view. */
  static BraidHttpExchange behind(HttpExchange shown) {
    return shown instanceof BraidHttpsExchange tls ? tls.exchange() : (BraidHttpExchange) shown;
  }

  /** Handler thread: runs the chain with {@code shown} (this exchange, or its TLS view). */
  private void run(Filter.Chain chain, HttpExchange shown) {
    try {
      chain.doFilter(shown);
    } catch (Throwable e) {
      handlerFailed(e);
      return;
    }
    close();
  }

  private void handlerFailed(Throwable e) {
    in.close();
    out.fail(new IOException("the handler failed", e));
    if (clientGone) {
      log.debug("handler for {} failed after the client left", request, e);
      return;
    }
    reactor.callFromThread(
        () -> {
          if (!done.called()) {
            done.errback(e);
          }
        });
  }

  /** Reactor thread: the connection was lost before the response was complete. */
  private void clientGone(Throwable reason) {
    clientGone = true;
    out.fail(new IOException("the client closed the connection", reason));
    if (!done.called()) {
      done.callback(null);
    }
  }

  /** Any thread: the response cannot be completed; abort the connection. */
  void abort() {
    reactor.callFromThread(
        () -> {
          if (!done.called()) {
            done.errback(
                new HttpStatusException(500, "The handler did not complete the response."));
          }
        });
  }

  /** Any thread: the body is complete; finish the response on the reactor. */
  void finishResponse() {
    reactor.callFromThread(
        () -> {
          if (!request.finished() && !clientGone) {
            request.unregisterProducer();
            request.finish();
          }
          if (!done.called()) {
            done.callback(null);
          }
        });
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public HttpContext getHttpContext() {
    return context;
  }

  /**
   * Ends the exchange: closes the request body stream and the response body stream. A handler that
   * returns without closing is closed for it.
   */
  @Override
  public void close() {
    in.close();
    boolean sent;
    synchronized (this) {
      sent = headersSent;
    }
    if (!sent) {
      reactor.callFromThread(
          () -> {
            if (!done.called()) {
              done.errback(
                  new HttpStatusException(
                      500, "The handler closed the exchange without answering."));
            }
          });
      return;
    }
    try {
      OutputStream o = outOverride != null ? outOverride : out;
      o.close();
    } catch (IOException e) {
      log.debug("closing the response of {}: {}", request, e.toString());
    }
  }

  @Override
  public InputStream getRequestBody() {
    return inOverride != null ? inOverride : in;
  }

  @Override
  public OutputStream getResponseBody() {
    return outOverride != null ? outOverride : out;
  }

  /**
   * Sends the status and headers. {@code responseLength} > 0: a body of exactly that many bytes
   * ({@code Content-Length}); 0: a body of any length (chunked); -1: no body. HEAD requests and
   * 204/304 responses have no body whatever the length.
   */
  @Override
  public void sendResponseHeaders(int rCode, long responseLength) throws IOException {
    List<String[]> headers = new ArrayList<>();
    synchronized (this) {
      if (headersSent) {
        throw new IOException("the response headers were already sent");
      }
      if (rCode < 100 || rCode > 999) {
        throw new IllegalArgumentException("bad status code " + rCode);
      }
      headersSent = true;
      responseCode = rCode;
      for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
        String name = e.getKey().toLowerCase(Locale.ROOT);
        if (name.equals("content-length")
            || name.equals("transfer-encoding")
            || name.equals("connection")) {
          continue;
        }
        for (String v : e.getValue()) {
          headers.add(new String[] {e.getKey(), v});
        }
      }
    }
    boolean noBody =
        responseLength == -1
            || method.equals("HEAD")
            || rCode == 204
            || rCode == 304
            || rCode < 200;
    out.opened(noBody ? -1 : responseLength);
    reactor.callFromThread(
        () -> {
          if (clientGone || done.called()) {
            return;
          }
          request.setStatus(rCode);
          for (String[] h : headers) {
            request.addHeader(h[0], h[1]);
          }
          if (responseLength > 0) {
            request.setHeader("Content-Length", Long.toString(responseLength));
          } else if (responseLength == -1 && rCode != 304) {
            request.setHeader("Content-Length", "0");
          }
          request.registerProducer(out.producer);
          if (noBody) {
            request.unregisterProducer();
            request.finish();
            done.callback(null);
          }
        });
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return remote;
  }

  @Override
  public int getResponseCode() {
    return responseCode;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return local;
  }

  @Override
  public String getProtocol() {
    return protocol;
  }

  /** An attribute of this exchange, else of its context. */
  @Override
  public Object getAttribute(String name) {
    Object v = attributes.get(name);
    return v != null ? v : context.getAttributes().get(name);
  }

  /** Sets an attribute of this exchange ({@code null} removes it). */
  @Override
  public void setAttribute(String name, Object value) {
    if (value == null) {
      attributes.remove(name);
    } else {
      attributes.put(name, value);
    }
  }

  @Override
  public void setStreams(InputStream i, OutputStream o) {
    if (i != null) {
      inOverride = i;
    }
    if (o != null) {
      outOverride = o;
    }
  }

  @Override
  public HttpPrincipal getPrincipal() {
    return principal;
  }

  void setPrincipal(HttpPrincipal p) {
    principal = p;
  }

  /** Runs a context's {@link Authenticator} after the user's filters, as the JDK's server does. */
  private static final class AuthFilter extends Filter {
    private final Authenticator auth;

    AuthFilter(Authenticator auth) {
      this.auth = auth;
    }

    @Override
    public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
      switch (auth.authenticate(exchange)) {
        case Authenticator.Success s -> {
          behind(exchange).setPrincipal(s.getPrincipal());
          chain.doFilter(exchange);
        }
        case Authenticator.Retry r -> {
          exchange.sendResponseHeaders(r.getResponseCode(), -1);
          exchange.close();
        }
        case Authenticator.Failure f -> {
          exchange.sendResponseHeaders(f.getResponseCode(), -1);
          exchange.close();
        }
        default -> throw new IOException("unknown authenticator result");
      }
    }

    @Override
    public String description() {
      return "authentication by " + auth;
    }
  }
}
