package dev.braid.reactor.internal;

import dev.braid.net.ClientFactory;
import dev.braid.net.Connector;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.RefuseConnectionException;
import dev.braid.net.Resolver;
import dev.braid.time.DelayedCall;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An outgoing TCP connection: resolves the host with the reactor's {@link Resolver} (unless it is
 * an IP literal) and takes its first address, connects without blocking, enforces the timeout, then
 * hands the channel to a {@link TcpConnection}. Also connects to UNIX domain sockets (no resolving,
 * no TCP options). Reactor thread only.
 */
final class TcpConnector implements Connector, ChannelHandler {
  private static final Logger LOG = LoggerFactory.getLogger(Connector.class);

  private final SelectorReactor reactor;
  private final String host;
  private final int port;
  private final ClientFactory factory;
  private final TcpConnectOptions options;
  private final UnixDomainSocketAddress unixAddress;
  private State state = State.DISCONNECTED;
  private int attempt;
  private SocketChannel channel;
  private DelayedCall timeout;
  private TcpConnection connection;
  private SocketAddress resolved;

  TcpConnector(
      SelectorReactor reactor,
      String host,
      int port,
      ClientFactory factory,
      TcpConnectOptions options) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("cannot connect to port " + port + ": must be 1..65535");
    }
    this.reactor = reactor;
    this.host = host;
    this.port = port;
    this.factory = factory;
    this.options = options;
    this.unixAddress = null;
  }

  /** A connector to the UNIX domain socket at {@code address}. */
  TcpConnector(
      SelectorReactor reactor,
      UnixDomainSocketAddress address,
      ClientFactory factory,
      Duration timeout) {
    this.reactor = reactor;
    this.host = "";
    this.port = 0;
    this.factory = factory;
    this.options = TcpConnectOptions.defaults().withTimeout(timeout);
    this.unixAddress = address;
  }

  private String describe() {
    return unixAddress != null ? "unix:" + unixAddress.getPath() : host + ":" + port;
  }

  @Override
  public void connect() {
    reactor.checkThread("Connector.connect");
    if (state != State.DISCONNECTED) {
      throw new IllegalStateException("cannot connect: the connector is " + state);
    }
    state = State.CONNECTING;
    int thisAttempt = ++attempt;
    reactor.factoryStarted(factory);
    try {
      factory.startedConnecting(this);
    } catch (Throwable e) {
      LOG.error("startedConnecting failed", e);
    }
    if (state != State.CONNECTING || attempt != thisAttempt) {
      return; // stopped from inside startedConnecting
    }
    timeout =
        reactor.callLater(
            options.timeout(),
            () ->
                failed(
                    new SocketTimeoutException(
                        "connecting to " + describe() + " timed out after " + options.timeout())));
    if (unixAddress != null) {
      startConnect(unixAddress);
      return;
    }
    Optional<InetAddress> literal = Resolver.literal(host);
    if (literal.isPresent()) {
      startConnect(new InetSocketAddress(literal.get(), port));
      return;
    }
    reactor
        .resolver()
        .resolve(host)
        .addCallbacks(
            addresses -> {
              if (state == State.CONNECTING && attempt == thisAttempt) {
                if (addresses.isEmpty()) {
                  failed(
                      new UnknownHostException("cannot resolve " + host + ": it has no address"));
                } else {
                  startConnect(new InetSocketAddress(addresses.getFirst(), port));
                }
              }
              return null;
            },
            error -> {
              if (state == State.CONNECTING && attempt == thisAttempt) {
                UnknownHostException unknown =
                    new UnknownHostException("cannot resolve " + host + ": " + error.getMessage());
                unknown.initCause(error);
                failed(unknown);
              }
              return null;
            });
  }

  private void startConnect(SocketAddress address) {
    resolved = address;
    try {
      if (unixAddress != null) {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.configureBlocking(false);
      } else {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      }
      if (unixAddress == null && options.bindAddress().isPresent()) {
        channel.bind(options.bindAddress().get());
      }
      if (channel.connect(address)) {
        connected();
      } else {
        channel.register(reactor.selector(), SelectionKey.OP_CONNECT, this);
      }
    } catch (IOException e) {
      failed(connectError(e));
    }
  }

  private ConnectException connectError(IOException e) {
    if (e instanceof ConnectException ce
        && ce.getMessage() != null
        && ce.getMessage().contains(describe())) {
      return ce;
    }
    ConnectException error =
        new ConnectException("cannot connect to " + describe() + ": " + e.getMessage());
    error.initCause(e);
    return error;
  }

  @Override
  public void ready(SelectionKey key) {
    if (!key.isConnectable()) {
      return;
    }
    try {
      if (channel.finishConnect()) {
        connected();
      }
    } catch (IOException e) {
      failed(connectError(e));
    }
  }

  private void connected() {
    cancelTimeout();
    Protocol protocol;
    try {
      protocol = factory.buildProtocol(resolved);
    } catch (RefuseConnectionException e) {
      failed(new ConnectException("connection to " + describe() + " refused by the factory"));
      return;
    } catch (Throwable e) {
      LOG.error("buildProtocol failed for a connection to {}", describe(), e);
      failed(new ConnectException("buildProtocol failed for " + describe() + ": " + e));
      return;
    }
    SocketChannel ch = channel;
    channel = null;
    state = State.CONNECTED;
    connection = TcpConnection.start(reactor, ch, protocol, resolved, this);
    if (connection == null) {
      connectionClosed(
          new ConnectException("registering the connection to " + describe() + " failed"));
    } else if (state == State.CONNECTED) {
      try {
        factory.clientConnected(this, protocol);
      } catch (Throwable e) {
        LOG.error("clientConnected failed", e);
      }
    }
  }

  private void failed(Throwable reason) {
    if (state != State.CONNECTING) {
      return;
    }
    cancelTimeout();
    if (channel != null) {
      SelectionKey key = channel.keyFor(reactor.selector());
      if (key != null) {
        key.cancel();
      }
      TcpListeningPort.closeQuietly(channel);
      channel = null;
    }
    state = State.DISCONNECTED;
    try {
      factory.clientConnectionFailed(this, reason);
    } catch (Throwable e) {
      LOG.error("clientConnectionFailed failed", e);
    }
    reactor.factoryStopped(factory);
  }

  /** The established connection closed (called by {@link TcpConnection}). */
  void connectionClosed(Throwable reason) {
    connection = null;
    state = State.DISCONNECTED;
    try {
      factory.clientConnectionLost(this, reason);
    } catch (Throwable e) {
      LOG.error("clientConnectionLost failed", e);
    }
    reactor.factoryStopped(factory);
  }

  private void cancelTimeout() {
    if (timeout != null && timeout.active()) {
      timeout.cancel();
    }
    timeout = null;
  }

  @Override
  public void stopConnecting() {
    if (state != State.CONNECTING) {
      throw new IllegalStateException(
          "stopConnecting: the connector is " + state + ", not CONNECTING");
    }
    failed(new CancellationException("connection attempt to " + describe() + " was stopped"));
  }

  @Override
  public void disconnect() {
    if (state == State.CONNECTING) {
      stopConnecting();
    } else if (state == State.CONNECTED && connection != null) {
      connection.loseConnection();
    }
  }

  @Override
  public void reactorStopping() {
    if (state == State.CONNECTING) {
      failed(new ConnectException("connecting to " + describe() + " stopped: the reactor stopped"));
    }
  }

  @Override
  public SocketAddress destination() {
    if (resolved != null) {
      return resolved;
    }
    return unixAddress != null ? unixAddress : InetSocketAddress.createUnresolved(host, port);
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public String toString() {
    return (unixAddress != null ? "UnixConnector[" : "TcpConnector[")
        + describe()
        + ", "
        + state
        + "]";
  }
}
