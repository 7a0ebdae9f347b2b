package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A context of a {@link BraidHttpServer} (or the one of an {@link HttpHandlerResource}): a path
 * prefix, its handler, filters, attributes and authenticator. Thread-safe.
 */
final class BraidHttpContext extends HttpContext {
  private final String path;
  private final HttpServer server;
  private final Map<String, Object> attributes;
  private final List<Filter> filters;
  private volatile HttpHandler handler;
  private volatile Authenticator authenticator;

  BraidHttpContext(String path, HttpHandler handler, HttpServer server) {
    this(path, handler, server, new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
  }

  BraidHttpContext(
      String path,
      HttpHandler handler,
      HttpServer server,
      Map<String, Object> attributes,
      List<Filter> filters) {
    this.path = path;
    this.handler = handler;
    this.server = server;
    this.attributes = attributes;
    this.filters = filters;
  }

  @Override
  public HttpHandler getHandler() {
    return handler;
  }

  @Override
  public void setHandler(HttpHandler handler) {
    if (handler == null) {
      throw new NullPointerException("handler");
    }
    if (this.handler != null) {
      throw new IllegalArgumentException("this context already has a handler");
    }
    this.handler = handler;
  }

  @Override
  public String getPath() {
    return path;
  }

  /** The server, or null for the context of an {@link HttpHandlerResource}. */
  @Override
  public HttpServer getServer() {
    return server;
  }

  @Override
  public Map<String, Object> getAttributes() {
    return attributes;
  }

  @Override
  public List<Filter> getFilters() {
    return filters;
  }

  @Override
  public Authenticator setAuthenticator(Authenticator auth) {
    Authenticator old = authenticator;
    authenticator = auth;
    return old;
  }

  @Override
  public Authenticator getAuthenticator() {
    return authenticator;
  }
}
