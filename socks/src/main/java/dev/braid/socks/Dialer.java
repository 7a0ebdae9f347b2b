package dev.braid.socks;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.reactor.Reactor;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Opens the proxy's outgoing connections for {@link SocksServer}. Called on the reactor thread; the
 * Deferred fires there, with the connected protocol, or fails with the connect error ({@link
 * java.net.ConnectException}, {@link java.net.SocketTimeoutException}, {@link
 * java.net.NoRouteToHostException}...). Cancelling it stops the attempt.
 */
@FunctionalInterface
public interface Dialer {
  /** Connects to {@code address} with a protocol from {@code factory}. */
  Deferred<Protocol> connect(InetSocketAddress address, ProtocolFactory factory);

  /** TCP connections on {@code reactor}, each attempt given up after {@code timeout}. */
  static Dialer tcp(Reactor reactor, Duration timeout) {
    TcpConnectOptions options = TcpConnectOptions.defaults().withTimeout(timeout);
    return (address, factory) ->
        ClientEndpoint.fromConnector(
                client ->
                    reactor.connectTcp(
                        address.getAddress().getHostAddress(), address.getPort(), client, options))
            .connect(factory);
  }
}
