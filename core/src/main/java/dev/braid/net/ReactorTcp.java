package dev.braid.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * TCP for a reactor: listen and connect. Most code uses endpoints instead ({@link
 * dev.braid.net.endpoints.Endpoints#serverFromString}), which wrap these and return Deferreds.
 * Reactor thread only (or the creating thread before the reactor runs).
 */
public interface ReactorTcp {
  /**
   * Listens on {@code port} (0 lets the OS choose) with the given options; each accepted connection
   * gets a protocol from {@code factory}. Throws {@link java.net.BindException} naming the address
   * when it cannot listen (for example the port is in use).
   */
  ListeningPort listenTcp(int port, ProtocolFactory factory, TcpListenOptions options)
      throws IOException;

  /**
   * Listens on {@code port} on all interfaces with the {@link TcpListenOptions#DEFAULT_BACKLOG}.
   */
  default ListeningPort listenTcp(int port, ProtocolFactory factory) throws IOException {
    return listenTcp(port, factory, TcpListenOptions.defaults());
  }

  /**
   * Connects to {@code host:port}; {@code factory} hears the outcome ({@link
   * ClientFactory#clientConnectionFailed} or {@link ProtocolFactory#buildProtocol}). A host name is
   * resolved by the reactor's {@link Resolver} ({@link PluggableResolver#resolver()}: the system
   * resolver on a virtual thread unless another was installed) and the first address is tried; an
   * IP literal is used as it is.
   */
  Connector connectTcp(String host, int port, ClientFactory factory, TcpConnectOptions options);

  /** Connects with a 30 s timeout and no bind address. */
  default Connector connectTcp(String host, int port, ClientFactory factory) {
    return connectTcp(host, port, factory, TcpConnectOptions.defaults());
  }

  /**
   * Options for {@link #listenTcp}.
   *
   * @param interfaceAddress the local address to bind ("" or "0.0.0.0" for all IPv4, "::" for all)
   * @param backlog the length of the queue of connections not yet accepted
   */
  record TcpListenOptions(String interfaceAddress, int backlog) {
    /**
     * The default backlog: the kernel's cap on accept queues ({@code
     * /proc/sys/net/core/somaxconn}), or 4096 where it cannot be read. A burst of connections then
     * waits in the kernel while the reactor is busy, instead of being refused.
     */
    public static final int DEFAULT_BACKLOG = ListenBacklog.SYSTEM_DEFAULT;

    public TcpListenOptions {
      if (backlog < 1) {
        throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
      }
    }

    /** All interfaces, the {@link #DEFAULT_BACKLOG}. */
    public static TcpListenOptions defaults() {
      return new TcpListenOptions("", DEFAULT_BACKLOG);
    }

    /** These options bound to {@code address}. */
    public TcpListenOptions withInterface(String address) {
      return new TcpListenOptions(address, backlog);
    }

    /** These options with {@code n} as backlog. */
    public TcpListenOptions withBacklog(int n) {
      return new TcpListenOptions(interfaceAddress, n);
    }
  }

  /**
   * Options for {@link #connectTcp}.
   *
   * @param timeout how long an attempt may take before it fails with {@link
   *     java.net.SocketTimeoutException}
   * @param bindAddress the local address to connect from, if any
   */
  record TcpConnectOptions(Duration timeout, Optional<InetSocketAddress> bindAddress) {
    /** The default connect timeout, 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public TcpConnectOptions {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connect timeout must be positive, got " + timeout);
      }
    }

    /** 30 s timeout, no bind address. */
    public static TcpConnectOptions defaults() {
      return new TcpConnectOptions(DEFAULT_TIMEOUT, Optional.empty());
    }

    /** These options with {@code t} as timeout. */
    public TcpConnectOptions withTimeout(Duration t) {
      return new TcpConnectOptions(t, bindAddress);
    }

    /** These options connecting from {@code address}. */
    public TcpConnectOptions withBindAddress(InetSocketAddress address) {
      return new TcpConnectOptions(timeout, Optional.of(address));
    }
  }
}
