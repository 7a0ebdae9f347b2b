package dev.braid.web.jdkhttp;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A {@link HttpsServer} running on a Braid reactor: what {@code HttpsServer.create(...)} returns
 * when {@link BraidHttpServerProvider} is the provider, or made directly with {@link
 * #create(Reactor, InetSocketAddress, int)}. It is a {@link BraidHttpServer} whose connections
 * speak TLS through Braid's TLS layer (handshake within 10 s): each connection's engine comes from
 * the {@link HttpsConfigurator}'s {@code SSLContext}, with the parameters its {@code configure}
 * method sets (by default the context's own). A plain HTTP request sent to it is answered with a
 * 400 that says to use https. Set the configurator before {@link #start()}; a new one applies to
 * connections accepted after it. Handlers get an {@code HttpsExchange} with the connection's {@code
 * SSLSession}.
 *
 * <p>The methods are thread-safe, as the JDK's are; handlers run on their own threads.
 */
public final class BraidHttpsServer extends HttpsServer {
  private final BraidHttpServer core;

  private BraidHttpsServer(Reactor reactor, boolean ownsReactor) {
    this.core = BraidHttpServer.forHttps(reactor, ownsReactor, this);
  }

  /** A server with a reactor of its own, started by {@link #start()} (for the provider). */
  static BraidHttpsServer standalone() {
    return new BraidHttpsServer(Reactors.create(), true);
  }

  /**
   * A server on {@code reactor}, bound to {@code address} when it is not null ({@code backlog} 0 or
   * less: the default). {@link #start()} then only starts serving; the reactor's thread is the
   * application's. Callable from any thread but the reactor's once the reactor runs.
   */
  public static BraidHttpsServer create(Reactor reactor, InetSocketAddress address, int backlog)
      throws IOException {
    BraidHttpsServer server = new BraidHttpsServer(Objects.requireNonNull(reactor), false);
    if (address != null) {
      server.bind(address, backlog);
    }
    return server;
  }

  /** The reactor this server runs on. */
  public Reactor reactor() {
    return core.reactor();
  }

  @Override
  public void setHttpsConfigurator(HttpsConfigurator config) {
    core.setHttpsConfigurator(config);
  }

  /** The configurator set, or null before one is. */
  @Override
  public HttpsConfigurator getHttpsConfigurator() {
    return core.getHttpsConfigurator();
  }

  @Override
  public void bind(InetSocketAddress addr, int backlog) throws IOException {
    core.bind(addr, backlog);
  }

  /**
   * Starts serving; a server with its own reactor starts the reactor's thread.
   *
   * @throws IllegalStateException when no {@link HttpsConfigurator} is set, the server is not
   *     bound, or it was already started
   */
  @Override
  public void start() {
    core.start();
  }

  @Override
  public void setExecutor(Executor executor) {
    core.setExecutor(executor);
  }

  @Override
  public Executor getExecutor() {
    return core.getExecutor();
  }

  /** As {@link BraidHttpServer#stop(int)}. */
  @Override
  public void stop(int delay) {
    core.stop(delay);
  }

  @Override
  public HttpContext createContext(String path, HttpHandler handler) {
    return core.createContext(path, handler);
  }

  @Override
  public HttpContext createContext(String path) {
    return core.createContext(path);
  }

  @Override
  public void removeContext(String path) {
    core.removeContext(path);
  }

  @Override
  public void removeContext(HttpContext context) {
    core.removeContext(context);
  }

  @Override
  public InetSocketAddress getAddress() {
    return core.getAddress();
  }
}
