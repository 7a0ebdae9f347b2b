package dev.braid.net.endpoints;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.ServerEndpoint;
import dev.braid.reactor.Reactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The {@code tcp:} endpoint parser and the TCP endpoints it makes. */
final class TcpEndpoints implements EndpointParser {
  @Override
  public String prefix() {
    return "tcp";
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    d.allowOnly(1, "port", "interface", "backlog");
    int port = d.port(d.require("port", 0), true);
    TcpListenOptions options = TcpListenOptions.defaults();
    String iface = d.params().getOrDefault("interface", "");
    if (!iface.isEmpty()) {
      checkAddress(d, "interface", iface);
      options = options.withInterface(iface);
    }
    if (d.params().containsKey("backlog")) {
      options = options.withBacklog(d.positiveInt("backlog", d.params().get("backlog")));
    }
    return server(reactor, port, options);
  }

  static ServerEndpoint server(Reactor reactor, int port, TcpListenOptions options) {
    return factory -> Deferred.maybeDeferred(() -> reactor.listenTcp(port, factory, options));
  }

  @Override
  public ClientEndpoint parseClient(Reactor reactor, EndpointDescription d) {
    d.allowOnly(2, "host", "port", "timeout", "bindAddress");
    String host = d.require("host", 0);
    if (host.isBlank()) {
      throw new EndpointSyntaxException(d.text(), "host must not be empty");
    }
    int port = d.port(d.require("port", 1), false);
    TcpConnectOptions options = TcpConnectOptions.defaults();
    if (d.params().containsKey("timeout")) {
      options = options.withTimeout(d.seconds("timeout", d.params().get("timeout")));
    }
    String bind = d.params().get("bindAddress");
    if (bind != null) {
      options =
          options.withBindAddress(new InetSocketAddress(checkAddress(d, "bindAddress", bind), 0));
    }
    return client(reactor, host, port, options);
  }

  private static InetAddress checkAddress(EndpointDescription d, String key, String value) {
    try {
      return InetAddress.ofLiteral(value);
    } catch (IllegalArgumentException e) {
      throw new EndpointSyntaxException(
          d.text(), key + " must be an IP address, got \"" + value + "\"");
    }
  }

  /**
   * A host name goes through {@link HostnameEndpoint} (every address, IPv6 and IPv4 interleaved);
   * an IP literal makes one attempt at once.
   */
  static ClientEndpoint client(Reactor reactor, String host, int port, TcpConnectOptions options) {
    return HostnameEndpoint.builder(reactor, host, port).connectOptions(options).build();
  }
}
