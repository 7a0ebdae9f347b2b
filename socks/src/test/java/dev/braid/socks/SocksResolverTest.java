package dev.braid.socks;

import static dev.braid.socks.codec.SocksBytes.ascii;
import static dev.braid.socks.codec.SocksBytes.bytes;
import static dev.braid.socks.codec.SocksBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.StringTransport;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The default SOCKS factory resolves destination names with its reactor's resolver. */
@BraidTest
class SocksResolverTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> asked = new ArrayList<>();
  private final StringTransport client = new StringTransport();

  private void start() {
    reactor.installResolver(
        host -> {
          asked.add(host);
          return Deferred.succeed(List.of(InetAddress.ofLiteral("10.1.2.3")));
        });
    client.makeConnection(
        SocksServer.factory(reactor, SocksConfig.defaults().withAllowPrivate(true))
            .buildProtocol(null));
  }

  @Test
  void aDomainDestinationGoesThroughTheReactorsResolver() {
    start();
    client.receive(
        ByteString.of(
            concat(bytes(5, 1, 0), bytes(5, 1, 0, 3, 9), ascii("dest.test"), bytes(0, 80))));
    assertThat(asked).containsExactly("dest.test");
    assertThat(reactor.tcpClients()).hasSize(1);
    assertThat(reactor.tcpClients().getFirst().host()).isEqualTo("10.1.2.3");
    assertThat(reactor.tcpClients().getFirst().port()).isEqualTo(80);
  }

  @Test
  void anAddressDestinationNeverReachesTheResolver() {
    start();
    client.receive(ByteString.of(concat(bytes(5, 1, 0), bytes(5, 1, 0, 1, 10, 9, 8, 7, 0, 80))));
    assertThat(asked).isEmpty();
    assertThat(reactor.tcpClients().getFirst().host()).isEqualTo("10.9.8.7");
  }
}
