package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import dev.braid.net.ReactorUdp.UdpListenOptions;
import dev.braid.testing.FakeDatagramTransport.Datagram;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class MemoryReactorUdpTest {
  private final MemoryReactor reactor = new MemoryReactor();
  private final List<String> events = new ArrayList<>();

  /** Echoes each datagram to its sender and records its lifecycle. */
  private final DatagramProtocol echo =
      new DatagramProtocol() {
        private DatagramTransport transport;

        @Override
        public void startProtocol(DatagramTransport transport) {
          this.transport = transport;
          events.add("start");
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
          transport.write(ByteString.copyOf(data).asByteBuffer(), from);
        }

        @Override
        public void stopProtocol() {
          events.add("stop");
        }
      };

  @Test
  void listenUdpRecordsTheServerAndStartsTheProtocolOnAMadeUpPort() {
    FakeDatagramTransport transport =
        reactor.listenUdp(0, echo, UdpListenOptions.defaults().withInterface("127.0.0.1"));

    assertThat(events).containsExactly("start");
    assertThat(reactor.udpServers()).singleElement().satisfies(s -> assertThat(s.port()).isZero());
    assertThat(transport.hostAddress().getPort()).isEqualTo(MemoryReactor.FIRST_MADE_UP_PORT);
    assertThat(transport.hostAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void receivedDatagramsReachTheProtocolAndItsWritesAreRecorded() {
    FakeDatagramTransport transport = reactor.listenUdp(9999, echo);
    var peer = new InetSocketAddress("127.0.0.1", 5000);

    transport.receive(ByteString.copyOf(ByteBuffer.wrap(new byte[] {1, 2, 3})), peer);

    assertThat(transport.sent())
        .containsExactly(
            new Datagram(ByteString.copyOf(ByteBuffer.wrap(new byte[] {1, 2, 3})), peer));
  }

  @Test
  void stopListeningStopsTheProtocolOnce() {
    FakeDatagramTransport transport = reactor.listenUdp(9999, echo);

    transport.stopListening();
    transport.stopListening();

    assertThat(transport.stopped()).isTrue();
    assertThat(events).containsExactly("start", "stop");
  }
}
