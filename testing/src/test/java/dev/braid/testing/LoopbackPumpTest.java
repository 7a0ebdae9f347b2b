package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.net.ConnectionLost;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class LoopbackPumpTest {
  private final List<String> log = new ArrayList<>();

  /** Records every event it gets into the shared log, prefixed with its name. */
  private class Recorder implements Protocol {
    final String name;
    Transport transport;
    Throwable lostReason;
    final StringBuilder received = new StringBuilder();

    Recorder(String name) {
      this.name = name;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      log.add(name + " made");
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      String text = StandardCharsets.UTF_8.decode(data).toString();
      received.append(text);
      log.add(name + " got " + text);
      onData(text);
    }

    void onData(String text) {}

    @Override
    public void connectionLost(Throwable reason) {
      lostReason = reason;
      log.add(name + " lost " + reason.getClass().getSimpleName());
    }
  }

  /** A recorder that survives the peer shutting its writing side. */
  private class HalfCloser extends Recorder implements HalfCloseableProtocol {
    HalfCloser(String name) {
      super(name);
    }

    @Override
    public void readConnectionLost() {
      log.add(name + " readLost");
    }

    @Override
    public void writeConnectionLost() {
      log.add(name + " writeLost");
    }
  }

  /** Writes back whatever it receives. */
  private class Echo extends Recorder {
    Echo() {
      super("server");
    }

    @Override
    void onData(String text) {
      transport.write(text);
    }
  }

  private static PushProducer pushProducer(List<String> events) {
    return new PushProducer() {
      @Override
      public void pauseProducing() {
        events.add("pause");
      }

      @Override
      public void resumeProducing() {
        events.add("resume");
      }

      @Override
      public void stopProducing() {
        events.add("stop");
      }
    };
  }

  @Test
  void connectCallsConnectionMadeOnTheServerThenOnTheClient() {
    Loopback.connect(new Recorder("server"), new Recorder("client"));

    assertThat(log).containsExactly("server made", "client made");
  }

  @Test
  void nothingIsDeliveredUntilThePumpRuns() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    client.transport.write("hello");

    assertThat(server.received).isEmpty();
    assertThat(client.transport.bufferedBytes()).isEqualTo(5);
    assertThat(pump.flush()).isTrue();
    assertThat(server.received.toString()).isEqualTo("hello");
    assertThat(client.transport.bufferedBytes()).isZero();
  }

  @Test
  void flushMovesBytesBothWaysUntilNothingIsLeftAndSaysWhetherAnythingMoved() {
    var server = new Echo();
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    client.transport.write("ping");

    assertThat(pump.flush()).isTrue();
    assertThat(client.received.toString()).isEqualTo("ping");
    assertThat(pump.flush()).isFalse();
  }

  @Test
  void oneRoundDeliversClientBytesThenServerBytesIncludingItsReply() {
    var server = new Echo();
    var client =
        new Recorder("client") {
          @Override
          void onData(String text) {
            transport.write("again");
          }
        };
    var pump = Loopback.connect(server, client);
    client.transport.write("ping");

    assertThat(pump.pumpOnce()).isTrue();
    assertThat(log)
        .containsExactly("server made", "client made", "server got ping", "client got ping");

    assertThat(pump.pumpOnce()).isTrue();
    assertThat(log).endsWith("server got again", "client got again");
  }

  @Test
  void writesOfOneRoundArriveJoinedInOneReadOnlyBuffer() {
    List<ByteBuffer> buffers = new ArrayList<>();
    var server =
        new Recorder("server") {
          @Override
          public void dataReceived(ByteBuffer data) {
            buffers.add(data);
            super.dataReceived(data.duplicate());
          }
        };
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    client.transport.write("one,");
    client.transport.write("two,".getBytes(StandardCharsets.UTF_8));
    client.transport.writeSequence(
        List.of(ByteBuffer.wrap("three".getBytes(StandardCharsets.UTF_8))));
    pump.flush();

    assertThat(server.received.toString()).isEqualTo("one,two,three");
    assertThat(buffers).singleElement().satisfies(b -> assertThat(b.isReadOnly()).isTrue());
    assertThatThrownBy(() -> buffers.getFirst().put(0, (byte) 1))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void loseConnectionDeliversPendingBytesThenConnectionDoneToBothClosingSideFirst() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    server.transport.write("bye");
    server.transport.loseConnection();
    server.transport.write("dropped");
    assertThat(server.transport.disconnecting()).isTrue();
    pump.flush();

    assertThat(log)
        .containsExactly(
            "server made",
            "client made",
            "client got bye",
            "server lost ConnectionDone",
            "client lost ConnectionDone");
    assertThat(pump.closed()).isTrue();
    assertThat(client.transport.disconnecting()).isTrue();
  }

  @Test
  void writesAfterTheConnectionClosedAreDropped() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    client.transport.loseConnection();
    pump.flush();

    server.transport.write("too late");

    assertThat(server.transport.bufferedBytes()).isZero();
    assertThat(pump.flush()).isFalse();
    assertThat(client.received).isEmpty();
  }

  @Test
  void abortConnectionDropsBufferedBytesAndDeliversConnectionLostToBoth() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    client.transport.write("never sent");
    server.transport.write("never sent either");
    client.transport.abortConnection();
    assertThat(client.transport.bufferedBytes()).isZero();
    pump.flush();

    assertThat(server.received).isEmpty();
    assertThat(client.received).isEmpty();
    assertThat(client.lostReason).isInstanceOf(ConnectionLost.class);
    assertThat(server.lostReason).isInstanceOf(ConnectionLost.class);
    assertThat(log).endsWith("client lost ConnectionLost", "server lost ConnectionLost");
  }

  @Test
  void stopProducingOnATransportAbortsTheConnection() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    server.transport.stopProducing();
    pump.flush();

    assertThat(server.lostReason).isInstanceOf(ConnectionLost.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionLost.class);
  }

  @Test
  void loseWriteConnectionTellsAHalfCloseablePeerThatReadingEndedAndBothCanGoOn() {
    var server = new HalfCloser("server");
    var client = new HalfCloser("client");
    var pump = Loopback.connect(server, client);

    client.transport.write("request");
    client.transport.loseWriteConnection();
    client.transport.write("dropped");
    pump.flush();
    assertThat(log).endsWith("server got request", "client writeLost", "server readLost");
    assertThat(pump.closed()).isFalse();

    server.transport.write("response");
    server.transport.loseWriteConnection();
    pump.flush();

    assertThat(client.received.toString()).isEqualTo("response");
    assertThat(log)
        .endsWith(
            "client got response",
            "server writeLost",
            "client readLost",
            "server lost ConnectionDone",
            "client lost ConnectionDone");
    assertThat(pump.closed()).isTrue();
  }

  @Test
  void loseWriteConnectionClosesAPeerThatIsNotHalfCloseable() {
    var server = new Recorder("server");
    var client = new HalfCloser("client");
    var pump = Loopback.connect(server, client);

    client.transport.loseWriteConnection();
    pump.flush();

    assertThat(log)
        .containsExactly(
            "server made",
            "client made",
            "client writeLost",
            "server lost ConnectionDone",
            "client lost ConnectionDone");
  }

  @Test
  void aPausedSideGetsNoBytesAndNoCloseUntilItResumes() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    server.transport.pauseProducing();
    client.transport.write("held");
    client.transport.loseConnection();
    assertThat(pump.flush()).isFalse();
    assertThat(server.received).isEmpty();
    assertThat(client.transport.bufferedBytes()).isEqualTo(4);
    assertThat(pump.closed()).isFalse();

    server.transport.resumeProducing();
    pump.flush();

    assertThat(server.received.toString()).isEqualTo("held");
    assertThat(pump.closed()).isTrue();
  }

  @Test
  void aPushProducerIsPausedAboveTheHighWaterMarkAndResumedOnceDelivered() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    List<String> events = new ArrayList<>();
    client.transport.setWriteBufferWaterMarks(2, 4);
    client.transport.registerProducer(pushProducer(events));

    client.transport.write("1234");
    assertThat(events).isEmpty();
    client.transport.write("5");
    assertThat(events).containsExactly("pause");
    pump.flush();

    assertThat(events).containsExactly("pause", "resume");
    assertThat(server.received.toString()).isEqualTo("12345");
  }

  @Test
  void aProducerStaysPausedWhileThePeerDoesNotRead() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    List<String> events = new ArrayList<>();
    client.transport.setWriteBufferWaterMarks(0, 2);
    client.transport.registerProducer(pushProducer(events));
    server.transport.pauseProducing();

    client.transport.write("abc");
    pump.flush();
    assertThat(events).containsExactly("pause");

    server.transport.resumeProducing();
    pump.flush();
    assertThat(events).containsExactly("pause", "resume");
  }

  @Test
  void loweringTheHighWaterMarkBelowWhatIsBufferedPausesTheProducer() {
    var client = new Recorder("client");
    Loopback.connect(new Recorder("server"), client);
    List<String> events = new ArrayList<>();
    client.transport.registerProducer(pushProducer(events));
    client.transport.write("abcdef");

    client.transport.setWriteBufferWaterMarks(1, 3);

    assertThat(events).containsExactly("pause");
    assertThatThrownBy(() -> client.transport.setWriteBufferWaterMarks(4, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPullProducerIsAskedForAChunkAtOnceAndEachTimeTheBufferDrains() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    List<String> chunks = new ArrayList<>(List.of("a", "b", "c"));
    PullProducer producer =
        new PullProducer() {
          @Override
          public void resumeProducing() {
            if (chunks.isEmpty()) {
              client.transport.unregisterProducer();
            } else {
              client.transport.write(chunks.removeFirst());
            }
          }

          @Override
          public void stopProducing() {}
        };

    client.transport.registerProducer(producer);
    assertThat(client.transport.bufferedBytes()).isEqualTo(1);
    pump.flush();

    assertThat(server.received.toString()).isEqualTo("abc");
    assertThat(log).contains("server got a", "server got b", "server got c");
  }

  @Test
  void registeringASecondProducerThrows() {
    var client = new Recorder("client");
    Loopback.connect(new Recorder("server"), client);
    client.transport.registerProducer(pushProducer(new ArrayList<>()));

    assertThatThrownBy(() -> client.transport.registerProducer(pushProducer(new ArrayList<>())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already registered");
  }

  @Test
  void aProducerRegisteredWithAClosedTransportIsStoppedAtOnce() {
    var client = new Recorder("client");
    var pump = Loopback.connect(new Recorder("server"), client);
    client.transport.abortConnection();
    pump.flush();
    List<String> events = new ArrayList<>();

    client.transport.registerProducer(pushProducer(events));

    assertThat(events).containsExactly("stop");
  }

  @Test
  void theProducerIsStoppedWhenTheConnectionCloses() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    List<String> events = new ArrayList<>();
    client.transport.registerProducer(pushProducer(events));

    server.transport.loseConnection();
    pump.flush();

    assertThat(events).containsExactly("stop");
  }

  @Test
  void loseConnectionWaitsForTheProducerToUnregister() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    client.transport.registerProducer(pushProducer(new ArrayList<>()));

    client.transport.loseConnection();
    pump.flush();
    assertThat(pump.closed()).isFalse();

    client.transport.unregisterProducer();
    pump.flush();
    assertThat(pump.closed()).isTrue();
  }

  @Test
  void anExceptionInDataReceivedIsLoggedAndClosesThatConnection() {
    var server =
        new Recorder("server") {
          @Override
          void onData(String text) {
            throw new IllegalStateException("cannot parse " + text);
          }
        };
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    client.transport.write("junk");
    pump.flush();

    assertThat(LoggedErrors.flush(IllegalStateException.class))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.logger()).isEqualTo(LoopbackPump.class.getName());
              assertThat(e.message()).contains("dataReceived");
            });
    assertThat(server.lostReason)
        .isInstanceOf(ConnectionLost.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionLost.class);
    assertThat(pump.closed()).isTrue();
  }

  @Test
  void anExceptionInConnectionMadeClosesTheConnectionAtTheFirstPump() {
    var server =
        new Recorder("server") {
          @Override
          public void connectionMade(Transport transport) {
            super.connectionMade(transport);
            throw new IllegalArgumentException("no");
          }
        };
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);
    assertThat(LoggedErrors.flush(IllegalArgumentException.class)).hasSize(1);

    assertThat(pump.flush()).isTrue();

    assertThat(server.lostReason).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(client.lostReason).isInstanceOf(ConnectionLost.class);
  }

  @Test
  void callingThePumpFromAProtocolCallbackFailsThatCallback() {
    LoopbackPump[] pump = new LoopbackPump[1];
    var server =
        new Recorder("server") {
          @Override
          void onData(String text) {
            pump[0].flush();
          }
        };
    var client = new Recorder("client");
    pump[0] = Loopback.connect(server, client);
    client.transport.write("x");

    pump[0].flush();

    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    assertThat(pump[0].closed()).isTrue();
  }

  @Test
  void flushGivesUpOnAConversationThatNeverEnds() {
    var server = new Echo();
    var client =
        new Recorder("client") {
          @Override
          void onData(String text) {
            transport.write(text);
          }
        };
    var pump = Loopback.connect(server, client);
    client.transport.write("forever");

    assertThatThrownBy(pump::flush)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pumpOnce");
  }

  @Test
  void theTwoSidesHaveMirroredMadeUpAddressesOnLocalhost() {
    var server = new Recorder("server");
    var client = new Recorder("client");
    var pump = Loopback.connect(server, client);

    var serverAddress = (InetSocketAddress) pump.serverTransport().hostAddress();
    var clientAddress = (InetSocketAddress) pump.clientTransport().hostAddress();
    assertThat(serverAddress.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(clientAddress.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(serverAddress.getPort()).isNotEqualTo(clientAddress.getPort());
    assertThat(pump.serverTransport().peerAddress()).isEqualTo(clientAddress);
    assertThat(pump.clientTransport().peerAddress()).isEqualTo(serverAddress);
    assertThat(pump.server()).isSameAs(server);
    assertThat(pump.client()).isSameAs(client);
    assertThat(server.transport).isSameAs(pump.serverTransport());
  }

  @Test
  void theFactoryFormBuildsEachProtocolWithThePeersAddress() {
    List<SocketAddress> peers = new ArrayList<>();
    var pump =
        Loopback.connect(
            peer -> {
              peers.add(peer);
              return new Echo();
            },
            peer -> {
              peers.add(peer);
              return new Recorder("client");
            });

    assertThat(peers)
        .containsExactly(
            pump.serverTransport().peerAddress(), pump.clientTransport().peerAddress());
    assertThat(log).containsExactly("server made", "client made");
  }

  @Test
  void tcpOptionsAreRecordedAndDatagramOptionsRefused() {
    var client = new Recorder("client");
    Loopback.connect(new Recorder("server"), client);
    var transport = (LoopbackTransport) client.transport;

    transport.setOption(StandardSocketOptions.TCP_NODELAY, true);

    assertThat(transport.option(StandardSocketOptions.TCP_NODELAY)).contains(true);
    assertThatThrownBy(() -> transport.setOption(StandardSocketOptions.SO_BROADCAST, true))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
