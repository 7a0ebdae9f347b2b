package dev.braid.net.endpoints;

import dev.braid.defer.Deferred;
import dev.braid.net.DatagramEndpoint;
import dev.braid.net.EndpointDescription;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ReactorUdp.UdpListenOptions;
import dev.braid.net.ServerEndpoint;
import dev.braid.reactor.Reactor;
import java.net.InetAddress;

/** The {@code udp:} endpoint parser: {@code udp:PORT[:interface=ADDR][:maxPacketSize=N]}. */
final class UdpEndpoints implements EndpointParser {
  @Override
  public String prefix() {
    return "udp";
  }

  @Override
  public DatagramEndpoint parseDatagramServer(Reactor reactor, EndpointDescription d) {
    d.allowOnly(1, "port", "interface", "maxPacketSize");
    int port = d.port(d.require("port", 0), true);
    UdpListenOptions options = UdpListenOptions.defaults();
    String iface = d.params().getOrDefault("interface", "");
    if (!iface.isEmpty()) {
      try {
        InetAddress.ofLiteral(iface);
      } catch (IllegalArgumentException e) {
        throw new EndpointSyntaxException(
            d.text(), "interface must be an IP address, got \"" + iface + "\"");
      }
      options = options.withInterface(iface);
    }
    String size = d.params().get("maxPacketSize");
    if (size != null) {
      int n = d.positiveInt("maxPacketSize", size);
      if (n > UdpListenOptions.MAX_PACKET_SIZE) {
        throw new EndpointSyntaxException(
            d.text(),
            "maxPacketSize must be at most " + UdpListenOptions.MAX_PACKET_SIZE + ", got " + n);
      }
      options = options.withMaxPacketSize(n);
    }
    UdpListenOptions chosen = options;
    return protocol -> Deferred.maybeDeferred(() -> reactor.listenUdp(port, protocol, chosen));
  }

  @Override
  public ServerEndpoint parseServer(Reactor reactor, EndpointDescription d) {
    throw new EndpointSyntaxException(
        d.text(),
        "udp: is a datagram endpoint: listen with Endpoints.datagramServerFromString and a"
            + " DatagramProtocol");
  }
}
