package dev.braid.protocols.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ConnectionDone;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.ListeningPort;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Port forwarding over real sockets: bytes both ways, flow control, closes, failures. */
@BraidTest
class PortForwardTest {

  /** Sends a payload, half-closes, and collects everything until the connection ends. */
  static final class Client implements HalfCloseableProtocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Deferred<Throwable> lost = new Deferred<>();
    final byte[] payload;
    Transport transport;

    Client(byte[] payload) {
      this.payload = payload;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.write(payload.clone());
      transport.loseWriteConnection();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      received.writeBytes(chunk);
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  /** An upstream echo that answers a half-close by closing after it echoed everything. */
  static final class HalfCloseEcho implements HalfCloseableProtocol {
    private Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.writeCopy(data);
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection();
    }
  }

  private static int port(ListeningPort listening) {
    return ((InetSocketAddress) listening.address()).getPort();
  }

  @Test
  void sixteenMebibytesGoThroughBothWaysAndTheHalfCloseReachesTheUpstream(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort upstream =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(peer -> new HalfCloseEcho()));
    ListeningPort forwarder =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    PortForward.factory(
                        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(upstream)))));
    byte[] payload = new byte[16 * 1024 * 1024];
    new Random(11).nextBytes(payload);
    Client client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(forwarder))
                .connectProtocol(new Client(payload)));
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(ByteString.of(client.received.toByteArray())).isEqualTo(ByteString.of(payload));
    t.await(forwarder.stopListening());
    t.await(upstream.stopListening());
  }

  @Test
  void anUnreachableUpstreamClosesTheAcceptedConnection(ReactorTester t) {
    Reactor reactor = t.reactor();
    ListeningPort closed =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    int deadPort = port(closed);
    t.await(closed.stopListening());
    ListeningPort forwarder =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    PortForward.factory(
                        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + deadPort))));
    Client client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(forwarder))
                .connectProtocol(new Client("hello".getBytes())));
    t.await(client.lost);
    assertThat(client.received.size()).isZero();
    t.await(forwarder.stopListening());
  }
}
