package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The tcp: client endpoint on a real reactor. */
@BraidTest
class TcpClientEndpointTest {

  /** Records connectionMade and hands out connectionLost as a Deferred. */
  private static final class Recorder implements Protocol {
    Transport transport;
    final Deferred<Throwable> lost = new Deferred<>();

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {}

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  @Test
  void connectFiresWithTheProtocolOnceItsConnectionIsMade(ReactorTester t) {
    Reactor reactor = t.reactor();
    Recorder serverSide = new Recorder();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(peer -> serverSide));
    int portNumber = ((InetSocketAddress) port.address()).getPort();

    Recorder client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + portNumber)
                .connectProtocol(new Recorder()));

    assertThat(client.transport).isNotNull();
    assertThat(client.transport.peerAddress()).isEqualTo(port.address());
    client.transport.loseConnection();
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(t.await(serverSide.lost)).isInstanceOf(ConnectionDone.class);
    t.await(port.stopListening());
  }
}
