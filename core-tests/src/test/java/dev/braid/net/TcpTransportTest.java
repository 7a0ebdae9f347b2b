package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** TCP transports over real sockets on 127.0.0.1, port 0. */
@BraidTest
class TcpTransportTest {
  private static final TcpListenOptions LOCAL =
      TcpListenOptions.defaults().withInterface("127.0.0.1");

  private static int port(ListeningPort listening) {
    return ((InetSocketAddress) listening.address()).getPort();
  }

  private static <P extends Protocol> Deferred<P> connect(Reactor reactor, int port, P protocol) {
    return Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port).connectProtocol(protocol);
  }

  @Test
  void listeningOnPortZeroReportsTheBoundPortAndEchoesBytes(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    assertThat(port(listening)).isPositive();
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    client.transport.write("hello, braid");
    assertThat(t.await(client.received(12)).utf8()).isEqualTo("hello, braid");
    assertThat(client.transport.peerAddress()).isEqualTo(listening.address());
    client.transport.loseConnection();
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    t.await(listening.stopListening());
  }

  @Test
  void aLargeWriteArrivesWholeAndInOrder(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    byte[] payload = new byte[8 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    client.transport.write(payload.clone());
    assertThat(t.await(client.received(payload.length))).isEqualTo(ByteString.of(payload));
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(listening.stopListening());
  }

  @Test
  void writeSequenceSendsTheBuffersInOrder(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    client.transport.writeSequence(
        List.of(
            ByteBuffer.wrap("one ".getBytes()),
            ByteBuffer.allocate(0),
            ByteBuffer.wrap("two".getBytes())));
    assertThat(t.await(client.received(7)).utf8()).isEqualTo("one two");
    client.transport.abortConnection();
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionLost.class);
    t.await(listening.stopListening());
  }

  @Test
  void loseConnectionSendsEverythingWrittenBeforeClosing(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    byte[] payload = new byte[4 * 1024 * 1024];
    new Random(3).nextBytes(payload);
    ListeningPort listening =
        reactor.listenTcp(
            0,
            peer ->
                new Protocol() {
                  @Override
                  public void connectionMade(Transport transport) {
                    transport.write(payload.clone());
                    transport.loseConnection();
                  }
                },
            LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(client.all()).isEqualTo(ByteString.of(payload));
    t.await(listening.stopListening());
  }

  @Test
  void abortConnectionClosesAtOnceAndThePeerSeesTheConnectionEnd(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    Collector server = new Collector();
    ListeningPort listening = reactor.listenTcp(0, peer -> server, LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    t.await(server.made);
    server.transport.abortConnection();
    assertThat(t.await(server.lost)).isInstanceOf(ConnectionLost.class);
    assertThat(t.await(client.lost)).isInstanceOf(IOException.class);
    t.await(listening.stopListening());
  }

  @Test
  void abortConnectionResetsTheConnectionAndDropsWhatWasNotSent(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    Collector server = new Collector();
    ListeningPort listening = reactor.listenTcp(0, peer -> server, LOCAL);
    int port = port(listening);
    Deferred<String> seen =
        reactor.deferToThread(
            () -> {
              try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
                client.setReceiveBufferSize(4096);
                client.getOutputStream().write('x'); // tells the server it may abort
                try {
                  while (client.getInputStream().read() >= 0) {
                    // the server's unsent bytes are dropped; whatever arrived is skipped
                  }
                  return "end of stream";
                } catch (java.net.SocketException reset) {
                  return "reset";
                }
              }
            });
    t.await(server.received(1));
    server.transport.write(ByteBuffer.wrap(new byte[8 * 1024 * 1024]));
    server.transport.abortConnection();
    assertThat(t.await(seen)).isEqualTo("reset");
    t.await(server.lost);
    t.await(listening.stopListening());
  }

  @Test
  void halfCloseLetsTheServerAnswerAfterTheClientStoppedSending(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    class Answerer extends Collector implements HalfCloseableProtocol {
      @Override
      public void readConnectionLost() {
        transport.write("got " + bytes.size() + " bytes");
        transport.loseConnection();
      }
    }
    class Asker extends Collector implements HalfCloseableProtocol {
      final Deferred<Void> writeClosed = new Deferred<>();

      @Override
      public void readConnectionLost() {
        transport.loseConnection();
      }

      @Override
      public void writeConnectionLost() {
        writeClosed.callback(null);
      }
    }
    ListeningPort listening = reactor.listenTcp(0, peer -> new Answerer(), LOCAL);
    Asker client = t.await(connect(reactor, port(listening), new Asker()));
    client.transport.write("12345");
    client.transport.loseWriteConnection();
    t.await(client.writeClosed);
    assertThat(t.await(client.lost)).isInstanceOf(ConnectionDone.class);
    assertThat(client.all().utf8()).isEqualTo("got 5 bytes");
    t.await(listening.stopListening());
  }

  @Test
  void aProtocolThatThrowsLosesOnlyItsOwnConnection(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening =
        reactor.listenTcp(
            0,
            peer ->
                new Protocol() {
                  private Transport transport;

                  @Override
                  public void connectionMade(Transport transport) {
                    this.transport = transport;
                  }

                  @Override
                  public void dataReceived(ByteBuffer data) {
                    if (data.get(data.position()) == '!') {
                      throw new IllegalStateException("bad byte");
                    }
                    transport.write(ByteString.copyOf(data));
                  }
                },
            LOCAL);
    Collector bad = t.await(connect(reactor, port(listening), new Collector()));
    Collector good = t.await(connect(reactor, port(listening), new Collector()));
    bad.transport.write("!");
    assertThat(t.await(bad.lost)).isInstanceOf(IOException.class);
    good.transport.write("still here");
    assertThat(t.await(good.received(10)).utf8()).isEqualTo("still here");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    good.transport.loseConnection();
    t.await(good.lost);
    t.await(listening.stopListening());
  }

  @Test
  void connectingToAClosedPortFailsWithAnErrorNamingTheAddress(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    int closedPort = port(listening);
    t.await(listening.stopListening());
    Throwable error = t.awaitFailure(connect(reactor, closedPort, new Collector()));
    assertThat(error)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void aClientFactoryHearsWhyTheConnectFailed(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    int closedPort = port(listening);
    t.await(listening.stopListening());
    Deferred<Throwable> failed = new Deferred<>();
    reactor.connectTcp(
        "127.0.0.1",
        closedPort,
        new ClientFactory() {
          @Override
          public Protocol buildProtocol(java.net.SocketAddress peer) {
            return new Collector();
          }

          @Override
          public void clientConnectionFailed(Connector connector, Throwable reason) {
            failed.callback(reason);
          }
        });
    assertThat(t.await(failed)).isInstanceOf(ConnectException.class);
  }

  @Test
  void listeningOnAPortInUseFailsWithAnErrorNamingTheAddress(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    assertThatThrownBy(() -> reactor.listenTcp(port(listening), Echo.factory(), LOCAL))
        .isInstanceOf(BindException.class)
        .hasMessageContaining("tcp:" + port(listening))
        .hasMessageContaining("127.0.0.1");
    t.await(listening.stopListening());
  }

  @Test
  void aStoppedPortIsFreeToListenOnAgainOnceItsDeferredFires(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort first = reactor.listenTcp(0, Echo.factory(), LOCAL);
    int number = port(first);
    t.await(first.stopListening());
    ListeningPort again = reactor.listenTcp(number, Echo.factory(), LOCAL);
    assertThat(port(again)).isEqualTo(number);
    t.await(again.stopListening());
  }

  @Test
  void socketOptionsCanBeSet(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening = reactor.listenTcp(0, Echo.factory(), LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    client.transport.setOption(StandardSocketOptions.TCP_NODELAY, false);
    client.transport.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
    assertThat(client.transport.hostAddress()).isInstanceOf(InetSocketAddress.class);
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(listening.stopListening());
  }

  @Test
  void pausedReadingDeliversNothingUntilResumed(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    Collector server = new Collector();
    int[] accepted = {0};
    ListeningPort listening =
        reactor.listenTcp(0, peer -> accepted[0]++ == 0 ? server : new Echo(), LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    t.await(server.made);
    server.transport.pauseProducing();
    client.transport.write("while paused");
    // A round trip on a second connection proves the loop turned while the first stayed paused.
    Collector probe = t.await(connect(reactor, port(listening), new Collector()));
    probe.transport.loseConnection();
    t.await(probe.lost);
    assertThat(server.bytes.size()).isZero();
    server.transport.resumeProducing();
    assertThat(t.await(server.received(12)).utf8()).isEqualTo("while paused");
    client.transport.loseConnection();
    t.await(client.lost);
    t.await(listening.stopListening());
  }

  @Test
  void factoriesAreStartedOnListenAndStoppedWhenThePortCloses(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    List<String> events = new ArrayList<>();
    ProtocolFactory factory =
        new ProtocolFactory() {
          @Override
          public Protocol buildProtocol(java.net.SocketAddress peer) {
            return new Echo();
          }

          @Override
          public void startFactory() {
            events.add("start");
          }

          @Override
          public void stopFactory() {
            events.add("stop");
          }
        };
    ListeningPort first = reactor.listenTcp(0, factory, LOCAL);
    ListeningPort second = reactor.listenTcp(0, factory, LOCAL);
    t.await(first.stopListening());
    assertThat(events).containsExactly("start");
    t.await(second.stopListening());
    assertThat(events).containsExactly("start", "stop");
  }

  @Test
  void aRefusedConnectionIsClosedQuietly(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    ListeningPort listening =
        reactor.listenTcp(
            0,
            peer -> {
              throw new RefuseConnectionException("over the limit");
            },
            LOCAL);
    Collector client = t.await(connect(reactor, port(listening), new Collector()));
    assertThat(t.await(client.lost)).isInstanceOf(IOException.class);
    t.await(listening.stopListening());
  }
}
