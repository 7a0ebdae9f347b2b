package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The {@link HttpServerProvider} that makes {@code HttpServer.create(...)} return a {@link
 * BraidHttpServer} (and {@code HttpsServer.create(...)} a {@link BraidHttpsServer}): an application
 * written against {@code com.sun.net.httpserver} runs unchanged on a Braid reactor of its own. It
 * is registered in {@code META-INF/services}, so having {@code braid-web} on the class path is
 * enough; the system property {@code
 * com.sun.net.httpserver.HttpServerProvider=dev.braid.web.jdkhttp.BraidHttpServerProvider} selects
 * it explicitly.
 *
 * <p>{@code HttpsServer.create(...)} returns a {@link BraidHttpsServer}, which takes its TLS
 * settings from the application's {@code HttpsConfigurator} as the JDK's server does. Thread-safe.
 */
public final class BraidHttpServerProvider extends HttpServerProvider {
  /** The provider (called by {@link java.util.ServiceLoader}). */
  public BraidHttpServerProvider() {}

  @Override
  public HttpServer createHttpServer(InetSocketAddress addr, int backlog) throws IOException {
    BraidHttpServer server = BraidHttpServer.standalone();
    if (addr != null) {
      server.bind(addr, backlog);
    }
    return server;
  }

  @Override
  public HttpsServer createHttpsServer(InetSocketAddress addr, int backlog) throws IOException {
    BraidHttpsServer server = BraidHttpsServer.standalone();
    if (addr != null) {
      server.bind(addr, backlog);
    }
    return server;
  }
}
