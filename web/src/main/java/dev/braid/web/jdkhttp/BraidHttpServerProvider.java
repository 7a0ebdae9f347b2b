package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The {@link HttpServerProvider} that makes {@code HttpServer.create(...)} return a {@link
 * BraidHttpServer}: an application written against {@code com.sun.net.httpserver} runs unchanged on
 * a Braid reactor of its own. It is registered in {@code META-INF/services}, so having {@code
 * braid-web} on the class path is enough; the system property {@code
 * com.sun.net.httpserver.HttpServerProvider=dev.braid.web.jdkhttp.BraidHttpServerProvider} selects
 * it explicitly.
 *
 * <p>HTTPS servers are not provided: {@link #createHttpsServer} throws {@link
 * UnsupportedOperationException}. Serve such an application's handler with {@link
 * HttpHandlerResource} on a Braid {@code tls:} endpoint instead. Thread-safe.
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

  /** Always throws {@link UnsupportedOperationException}: see the class comment. */
  @Override
  public HttpsServer createHttpsServer(InetSocketAddress addr, int backlog) {
    throw new UnsupportedOperationException(
        "Braid's com.sun.net.httpserver provider serves plain HTTP; for HTTPS mount the handler"
            + " with dev.braid.web.jdkhttp.HttpHandlerResource on a Braid tls: endpoint");
  }
}
