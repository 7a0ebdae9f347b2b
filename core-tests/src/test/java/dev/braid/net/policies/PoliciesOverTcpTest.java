package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The policies on a real reactor over 127.0.0.1. */
@BraidTest
class PoliciesOverTcpTest {
  private static final TcpListenOptions LOCAL =
      TcpListenOptions.defaults().withInterface("127.0.0.1");
  private static final int KIB = 1024;

  @Test
  void aThrottledEchoDeliversEveryByteInOrder(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    Deferred<Throwable> serverLost = new Deferred<>();
    ThrottlingFactory throttled =
        ThrottlingFactory.builder(peer -> new WatchedEcho(serverLost), reactor)
            .readLimitPerConnection(256 * KIB)
            .writeLimitPerConnection(256 * KIB)
            .totalReadLimit(512 * KIB)
            .totalWriteLimit(512 * KIB)
            .build();
    ListeningPort listening =
        reactor.listenTcp(0, TrafficLoggingFactory.builder(throttled).build(), LOCAL);
    int port = ((InetSocketAddress) listening.address()).getPort();
    byte[] data = Recorder.pattern(384 * KIB);

    Sender client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port)
                .connectProtocol(new Sender(data)));
    ByteString echoed = t.await(client.done);

    assertThat(echoed.toByteArray()).isEqualTo(data);
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(serverLost);
    assertThat(throttled.openConnections()).isZero();
    t.await(listening.stopListening());
  }

  @Test
  void aConnectionOverTheLimitIsClosedAtOnceAndTheWrappedFactoryIsNotAsked(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    Deferred<Throwable> serverLost = new Deferred<>();
    int[] built = {0};
    ThrottlingFactory throttled =
        ThrottlingFactory.builder(
                peer -> {
                  built[0]++;
                  return new WatchedEcho(serverLost);
                },
                reactor)
            .maxConnections(1)
            .build();
    ListeningPort listening = reactor.listenTcp(0, throttled, LOCAL);
    int port = ((InetSocketAddress) listening.address()).getPort();
    var endpoint = Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port);

    Sender first = t.await(endpoint.connectProtocol(new Sender("one".getBytes())));
    assertThat(t.await(first.done).utf8()).isEqualTo("one");
    Sender second = t.await(endpoint.connectProtocol(new Sender("two".getBytes())));
    t.await(second.lost);

    assertThat(second.received.size()).isZero();
    assertThat(built[0]).isEqualTo(1);
    first.transport.loseConnection();
    t.await(first.lost);
    t.await(serverLost);
    t.await(listening.stopListening());
  }

  /** An {@link Echo} that fires {@code lost} when its connection ends. */
  private static final class WatchedEcho implements Protocol {
    private final Echo echo = new Echo();
    private final Deferred<Throwable> lost;

    WatchedEcho(Deferred<Throwable> lost) {
      this.lost = lost;
    }

    @Override
    public void connectionMade(Transport transport) {
      echo.connectionMade(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      echo.dataReceived(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
      echo.connectionLost(reason);
      lost.callback(reason);
    }
  }

  /** Sends its bytes in 16 KiB pieces on connect; {@link #done} fires when as many came back. */
  private static final class Sender implements Protocol {
    final byte[] data;
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Deferred<ByteString> done = new Deferred<>();
    final Deferred<Throwable> lost = new Deferred<>();
    Transport transport;

    Sender(byte[] data) {
      this.data = data;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      for (int i = 0; i < data.length; i += 16 * KIB) {
        transport.write(ByteBuffer.wrap(data, i, Math.min(16 * KIB, data.length - i)).slice());
      }
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      received.writeBytes(chunk);
      if (received.size() == this.data.length && !done.called()) {
        done.callback(ByteString.of(received.toByteArray()));
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }
}
