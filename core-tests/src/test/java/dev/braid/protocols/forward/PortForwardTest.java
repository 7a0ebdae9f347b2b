package dev.braid.protocols.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ConnectionDone;
import dev.braid.net.Endpoints;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.ListeningPort;
import dev.braid.net.Producer;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PushProducer;
import dev.braid.net.PushProducers;
import dev.braid.net.Transport;
import dev.braid.net.WaterMarks;
import dev.braid.net.policies.ForwardingTransport;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
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

  /**
   * An upstream that sends {@code total} bytes as fast as its connection takes them, then closes.
   */
  static final class Firehose implements Protocol, PushProducer {
    private final long total;
    private Transport transport;
    private long sent;
    private boolean paused;

    Firehose(long total) {
      this.total = total;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.registerProducer(this);
      resumeProducing();
    }

    @Override
    public void dataReceived(ByteBuffer data) {}

    @Override
    public void connectionLost(Throwable reason) {}

    @Override
    public void pauseProducing() {
      paused = true;
    }

    @Override
    public void resumeProducing() {
      paused = false;
      while (!paused && sent < total) {
        int n = (int) Math.min(64 * 1024, total - sent);
        transport.write(new byte[n]);
        sent += n;
      }
      if (sent == total && !paused) {
        transport.unregisterProducer();
        transport.loseConnection();
      }
    }

    @Override
    public void stopProducing() {}
  }

  /**
   * Wraps the forwarder's accepted side to watch it: the most bytes it held unsent; {@code
   * pushedBack} fires with it when it first paused the upstream's reading or held more than {@code
   * limit}.
   */
  static final class Watched extends ForwardingTransport implements HalfCloseableProtocol {
    final HalfCloseableProtocol inner;
    final long limit;
    final Deferred<Watched> pushedBack;
    long maxBuffered;
    private Transport below;

    Watched(HalfCloseableProtocol inner, long limit, Deferred<Watched> pushedBack) {
      this.inner = inner;
      this.limit = limit;
      this.pushedBack = pushedBack;
    }

    static ProtocolFactory around(
        ProtocolFactory factory, long limit, Deferred<Watched> pushedBack) {
      return peer ->
          new Watched((HalfCloseableProtocol) factory.buildProtocol(peer), limit, pushedBack);
    }

    @Override
    protected Transport delegate() {
      return below;
    }

    private void watch() {
      maxBuffered = Math.max(maxBuffered, below.bufferedBytes());
      if (maxBuffered > limit) {
        fire();
      }
    }

    private void fire() {
      if (!pushedBack.called()) {
        pushedBack.callback(this);
      }
    }

    @Override
    public void write(ByteBuffer data) {
      super.write(data);
      watch();
    }

    @Override
    public void writeCopy(ByteBuffer data) {
      super.writeCopy(data);
      watch();
    }

    @Override
    public void writeSequence(List<ByteBuffer> data) {
      super.writeSequence(data);
      watch();
    }

    @Override
    public void registerProducer(Producer producer) {
      PushProducer push = (PushProducer) producer;
      super.registerProducer(
          PushProducers.of(
              () -> {
                fire();
                push.pauseProducing();
              },
              push::resumeProducing,
              push::stopProducing));
    }

    @Override
    public void connectionMade(Transport transport) {
      below = transport;
      inner.connectionMade(this);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      inner.dataReceived(data);
    }

    @Override
    public void readConnectionLost() {
      inner.readConnectionLost();
    }

    @Override
    public void writeConnectionLost() {
      inner.writeConnectionLost();
    }

    @Override
    public void connectionLost(Throwable reason) {
      inner.connectionLost(reason);
    }
  }

  /** Counts what it reads; reads nothing until told to. */
  static final class SlowReader implements Protocol {
    final Deferred<Throwable> lost = new Deferred<>();
    long received;
    Transport transport;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.pauseProducing();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received += data.remaining();
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  @Test
  void aClientThatDoesNotReadPausesTheUpstreamSoTheForwarderHoldsOnlyItsWaterMarks(
      ReactorTester t) {
    Reactor reactor = t.reactor();
    long total = 32L * 1024 * 1024;
    ListeningPort upstream =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(peer -> new Firehose(total)));
    // the high-water mark, plus at most one read (the reactor's 64 KiB buffer) that crossed it
    long bound = WaterMarks.DEFAULT_HIGH + 64 * 1024;
    Deferred<Watched> pushedBack = new Deferred<>();
    ListeningPort forwarder =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    Watched.around(
                        PortForward.factory(
                            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(upstream))),
                        bound,
                        pushedBack)));
    SlowReader client =
        t.await(
            Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port(forwarder))
                .connectProtocol(new SlowReader()));
    Watched side = t.await(pushedBack);
    assertThat(side.maxBuffered)
        .as("bytes the forwarder held for the stalled client")
        .isLessThanOrEqualTo(bound);
    client.transport.resumeProducing();
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(client.received).isEqualTo(total);
    assertThat(side.maxBuffered).as("and while the client read").isLessThanOrEqualTo(bound);
    t.await(forwarder.stopListening());
    t.await(upstream.stopListening());
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
