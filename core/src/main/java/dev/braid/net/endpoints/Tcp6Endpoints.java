package dev.braid.net.endpoints;

import dev.braid.net.ClientEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ReactorTcp.TcpConnectOptions;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.ServerEndpoint;
import dev.braid.reactor.Reactor;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The {@code tcp6:} endpoint parser: IPv6 only. Servers {@code
 * tcp6:PORT[:interface=ADDR6][:backlog=N]} (default interface {@code ::}); clients {@code
 * tcp6:host=HOST:port=PORT[:timeout=S][:bindAddress=ADDR6]} where HOST is an IPv6 literal or a name
 * whose IPv6 addresses are tried ({@link HostnameEndpoint}). An IPv4 literal is a syntax error.
 */
final class Tcp6Endpoints implements EndpointParser {
  @Override
  public String prefix() {
    return "tcp6";
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    d.allowOnly(1, "port", "interface", "backlog");
    int port = d.port(d.require("port", 0), true);
    String iface = d.params().getOrDefault("interface", "::");
    ipv6(d, "interface", iface);
    TcpListenOptions options = TcpListenOptions.defaults().withInterface(iface);
    if (d.params().containsKey("backlog")) {
      options = options.withBacklog(d.positiveInt("backlog", d.params().get("backlog")));
    }
    return TcpEndpoints.server(reactor, port, options);
  }

  @Override
  public ClientEndpoint parseClient(Reactor reactor, EndpointDescription d) {
    d.allowOnly(2, "host", "port", "timeout", "bindAddress");
    String host = d.require("host", 0);
    if (host.isBlank()) {
      throw new EndpointSyntaxException(d.text(), "host must not be empty");
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (looksLikeIpv4(bare)) {
      throw new EndpointSyntaxException(
          d.text(),
          "tcp6: needs an IPv6 address or a host name, got the IPv4 address \""
              + host
              + "\" (use tcp: for IPv4)");
    }
    if (bare.contains(":")) {
      ipv6(d, "host", bare);
    }
    int port = d.port(d.require("port", 1), false);
    TcpConnectOptions options = TcpConnectOptions.defaults();
    if (d.params().containsKey("timeout")) {
      options = options.withTimeout(d.seconds("timeout", d.params().get("timeout")));
    }
    String bind = d.params().get("bindAddress");
    if (bind != null) {
      options = options.withBindAddress(new InetSocketAddress(ipv6(d, "bindAddress", bind), 0));
    }
    return HostnameEndpoint.builder(reactor, bare, port)
        .connectOptions(options)
        .families(HostnameEndpoint.Families.IPV6_ONLY)
        .build();
  }

  private static boolean looksLikeIpv4(String host) {
    return !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static InetAddress ipv6(EndpointDescription d, String key, String value) {
    InetAddress address;
    try {
      address = InetAddress.ofLiteral(value);
    } catch (IllegalArgumentException e) {
      throw new EndpointSyntaxException(
          d.text(), key + " must be an IPv6 address, got \"" + value + "\"");
    }
    if (!(address instanceof Inet6Address)) {
      throw new EndpointSyntaxException(
          d.text(),
          key
              + " must be an IPv6 address, got the IPv4 address \""
              + value
              + "\" (use tcp: for IPv4)");
    }
    return address;
  }
}
