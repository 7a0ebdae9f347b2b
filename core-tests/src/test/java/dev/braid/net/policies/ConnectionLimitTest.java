package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.Protocol;
import dev.braid.net.RefuseConnectionException;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

@BraidTest
class ConnectionLimitTest {
  private final FakeClock clock = new FakeClock();
  private int built;

  private Protocol build() {
    built++;
    return new Recorder();
  }

  private static InetSocketAddress peer(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static StringTransport connect(ThrottlingFactory factory, SocketAddress peer) {
    StringTransport transport = new StringTransport();
    transport.setPeerAddress(peer);
    transport.makeConnection(factory.buildProtocol(peer));
    return transport;
  }

  @Test
  void aConnectionOverTheLimitIsRefusedWithoutAskingTheWrappedFactory() throws Exception {
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> build(), clock).maxConnections(2).build();
    connect(factory, peer("10.0.0.1", 1));
    connect(factory, peer("10.0.0.2", 1));

    assertThatThrownBy(() -> factory.buildProtocol(peer("10.0.0.3", 1)))
        .isInstanceOf(RefuseConnectionException.class)
        .hasMessageContaining("connection limit (2)");
    assertThat(built).isEqualTo(2);
    assertThat(factory.openConnections()).isEqualTo(2);
  }

  @Test
  void aClosedConnectionMakesRoomForANewOne() throws Exception {
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> build(), clock).maxConnections(1).build();
    StringTransport first = connect(factory, peer("10.0.0.1", 1));
    assertThatThrownBy(() -> factory.buildProtocol(peer("10.0.0.2", 1)))
        .isInstanceOf(RefuseConnectionException.class);

    first.reportDisconnect();

    connect(factory, peer("10.0.0.2", 1));
    assertThat(built).isEqualTo(2);
    assertThat(factory.openConnections()).isEqualTo(1);
  }

  @Test
  void thePerPeerLimitCountsConnectionsByIpAddressNotPort() throws Exception {
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> build(), clock).maxConnectionsPerPeer(2).build();
    connect(factory, peer("10.0.0.1", 1000));
    StringTransport second = connect(factory, peer("10.0.0.1", 1001));

    assertThatThrownBy(() -> factory.buildProtocol(peer("10.0.0.1", 1002)))
        .isInstanceOf(RefuseConnectionException.class)
        .hasMessageContaining("10.0.0.1");
    connect(factory, peer("10.0.0.2", 1000));
    assertThat(factory.openConnectionsFrom(InetAddress.getByName("10.0.0.1"))).isEqualTo(2);

    second.reportDisconnect();
    assertThat(factory.openConnectionsFrom(InetAddress.getByName("10.0.0.1"))).isEqualTo(1);
    connect(factory, peer("10.0.0.1", 1003));
    assertThat(built).isEqualTo(4);
  }

  @Test
  void peersWithoutAnIpAddressCountOnlyTowardsTheOverallLimit() {
    ThrottlingFactory factory =
        ThrottlingFactory.builder(peer -> build(), clock)
            .maxConnectionsPerPeer(1)
            .maxConnections(3)
            .build();
    SocketAddress unix = UnixDomainSocketAddress.of("/tmp/braid-test.sock");
    connect(factory, unix);
    connect(factory, unix);
    connect(factory, unix);

    assertThatThrownBy(() -> factory.buildProtocol(unix))
        .isInstanceOf(RefuseConnectionException.class);
    assertThat(built).isEqualTo(3);
  }

  @Test
  void everyLimitIsOffByDefaultAndReadsBackWhenSet() {
    ThrottlingFactory plain = ThrottlingFactory.builder(peer -> build(), clock).build();
    assertThat(plain.maxConnections()).isEmpty();
    assertThat(plain.maxConnectionsPerPeer()).isEmpty();
    assertThat(plain.readLimitPerConnection()).isEmpty();
    assertThat(plain.writeLimitPerConnection()).isEmpty();
    assertThat(plain.totalReadLimit()).isEmpty();
    assertThat(plain.totalWriteLimit()).isEmpty();

    ThrottlingFactory set =
        ThrottlingFactory.builder(peer -> build(), clock)
            .maxConnections(10)
            .maxConnectionsPerPeer(2)
            .readLimitPerConnection(100)
            .writeLimitPerConnection(200)
            .totalReadLimit(300)
            .totalWriteLimit(400)
            .build();
    assertThat(set.maxConnections()).hasValue(10);
    assertThat(set.maxConnectionsPerPeer()).hasValue(2);
    assertThat(set.readLimitPerConnection()).hasValue(100);
    assertThat(set.writeLimitPerConnection()).hasValue(200);
    assertThat(set.totalReadLimit()).hasValue(300);
    assertThat(set.totalWriteLimit()).hasValue(400);
  }

  @Test
  void aLimitThatIsNotPositiveIsRejectedWithItsName() {
    assertThatThrownBy(() -> ThrottlingFactory.builder(peer -> build(), clock).maxConnections(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("connection limit");
    assertThatThrownBy(
            () -> ThrottlingFactory.builder(peer -> build(), clock).readLimitPerConnection(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read limit per connection");
  }
}
