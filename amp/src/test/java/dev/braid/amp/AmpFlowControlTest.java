package dev.braid.amp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ForwardingTransport;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.StringTransport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A peer that sends calls and does not read the answers: the server stops reading while its
 * transport holds more than the high-water mark, and goes on, in order, once the peer reads.
 */
@BraidTest
class AmpFlowControlTest {
  record Fetch(long size) {}

  record Blob(ByteString data) {}

  static final Command<Fetch, Blob> FETCH = Command.of("Fetch", Fetch.class, Blob.class);

  /** What a server did: the most bytes its transport held when a call came in. */
  static final class Server {
    long calls;
    long mostBufferedAtACall;

    Amp newConnection() {
      Amp[] amp = new Amp[1];
      amp[0] =
          new Amp()
              .respondNow(
                  FETCH,
                  args -> {
                    calls++;
                    long buffered = amp[0].transport().orElseThrow().bufferedBytes();
                    mostBufferedAtACall = Math.max(mostBufferedAtACall, buffered);
                    return new Blob(ByteString.wrapOwned(new byte[(int) args.size()]));
                  });
      return amp[0];
    }
  }

  private static ByteString calls(int count, long size) {
    ByteString all = ByteString.EMPTY;
    for (int i = 1; i <= count; i++) {
      all =
          all.concat(
              AmpBox.builder()
                  .put("_command", "Fetch")
                  .put("_ask", Integer.toHexString(i))
                  .put("size", Long.toString(size))
                  .build()
                  .toByteString());
    }
    return all;
  }

  /** The tags of the answers in {@code written}, in order; checks each answer's size. */
  private static List<String> answerTags(ByteString written, int size) throws Exception {
    AmpBoxParser parser = new AmpBoxParser();
    ByteBuffer in = written.asByteBuffer();
    List<String> tags = new ArrayList<>();
    while (in.hasRemaining()) {
      AmpBox box = parser.next(in).orElseThrow();
      assertThat(box.get("data").orElseThrow().size()).isEqualTo(size);
      tags.add(box.get("_answer").orElseThrow().utf8());
    }
    return tags;
  }

  private static List<String> tags(int count) {
    List<String> tags = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      tags.add(Integer.toHexString(i));
    }
    return tags;
  }

  @Test
  void aPeerThatDoesNotReadStopsTheCallsBeingReadUntilItReadsAgain() throws Exception {
    Server server = new Server();
    StringTransport transport = new StringTransport();
    transport.setPeerStalled(true);
    Amp amp = server.newConnection();
    transport.makeConnection(amp);

    transport.receive(calls(100, 10_000));

    // 10 kB answers: the seventh goes above the 64 KiB high-water mark, and parsing stops there.
    assertThat(server.calls).isEqualTo(7);
    assertThat(transport.readingPaused()).isTrue();
    assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.PAUSED);
    assertThat(transport.bufferedBytes())
        .isLessThan(StringTransport.DEFAULT_HIGH_WATER_MARK + 10_100);

    while (server.calls < 100) {
      long before = server.calls;
      transport.drainWriteBuffer(); // the peer reads everything written so far
      assertThat(server.calls).isGreaterThan(before);
    }
    transport.drainWriteBuffer();

    assertThat(transport.readingPaused()).isFalse();
    assertThat(server.mostBufferedAtACall)
        .isLessThanOrEqualTo(StringTransport.DEFAULT_HIGH_WATER_MARK);
    assertThat(answerTags(transport.written(), 10_000)).isEqualTo(tags(100));
  }

  @Test
  void callsThatArriveWhilePausedWaitTheirTurn() throws Exception {
    Server server = new Server();
    StringTransport transport = new StringTransport();
    transport.setPeerStalled(true);
    transport.makeConnection(server.newConnection());
    ByteString all = calls(20, 30_000);

    // The calls arrive one byte at a time, as a slow network may bring them.
    for (int i = 0; i < all.size(); i++) {
      transport.receive(all.substring(i, i + 1));
    }
    assertThat(server.calls).isEqualTo(3);
    while (server.calls < 20) {
      transport.drainWriteBuffer();
    }

    assertThat(answerTags(transport.written(), 30_000)).isEqualTo(tags(20));
  }

  /** A client that sends its calls and reads nothing until {@link #startReading()}. */
  static final class StalledClient implements Protocol {
    final ByteString calls;
    final Deferred<List<String>> answered = new Deferred<>();
    final int expected;
    final int size;
    private final AmpBoxParser parser = new AmpBoxParser();
    private final List<String> tags = new ArrayList<>();
    private Transport transport;

    StalledClient(ByteString calls, int expected, int size) {
      this.calls = calls;
      this.expected = expected;
      this.size = size;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.pauseProducing();
      transport.write(calls);
    }

    void startReading() {
      transport.resumeProducing();
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      try {
        while (data.hasRemaining()) {
          var box = parser.next(data);
          if (box.isPresent()) {
            if (box.get().get("data").orElseThrow().size() != size) {
              throw new AssertionError("an answer of the wrong size: " + box.get());
            }
            tags.add(box.get().get("_answer").orElseThrow().utf8());
          }
        }
      } catch (AmpParseException e) {
        answered.errback(e);
        transport.abortConnection();
        return;
      }
      if (tags.size() == expected && !answered.called()) {
        answered.callback(List.copyOf(tags));
      }
    }
  }

  /** A server connection whose transport tells when the server pauses its reading. */
  static final class Watched implements Protocol {
    final Amp amp;
    final Deferred<Long> paused;
    Transport tcp;

    Watched(Amp amp, Deferred<Long> paused) {
      this.amp = amp;
      this.paused = paused;
    }

    @Override
    public void connectionMade(Transport transport) {
      tcp = transport;
      amp.connectionMade(
          new ForwardingTransport() {
            @Override
            protected Transport delegate() {
              return tcp;
            }

            @Override
            public void pauseProducing() {
              super.pauseProducing();
              if (!paused.called()) {
                paused.callback(tcp.bufferedBytes());
              }
            }
          });
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      amp.dataReceived(data);
    }

    @Override
    public void connectionLost(Throwable reason) {
      amp.connectionLost(reason);
    }
  }

  @Test
  void overTcpTheServerStopsReadingForAPeerThatDoesNotReadAndDeliversEverythingInOrderLater(
      ReactorTester t) {
    int count = 2_000;
    int size = 30_000; // 60 MB of answers, far more than the sockets' buffers hold
    Server server = new Server();
    Deferred<Long> paused = new Deferred<>();
    Deferred<Watched> accepted = new Deferred<>();
    ProtocolFactory factory =
        peer -> {
          Watched w = new Watched(server.newConnection(), paused);
          accepted.callback(w);
          return w;
        };
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1").listen(factory));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    StalledClient client = new StalledClient(calls(count, size), count, size);

    t.await(
        Endpoints.clientFromString(t.reactor(), "tcp:127.0.0.1:" + portNumber)
            .connectProtocol(client));
    Watched watched = t.await(accepted);
    long bufferedWhenPaused = t.await(paused);

    assertThat(server.calls)
        .as("calls answered before the server stopped reading")
        .isLessThan(count);
    assertThat(bufferedWhenPaused)
        .isLessThanOrEqualTo(StringTransport.DEFAULT_HIGH_WATER_MARK + size + 100L);

    client.startReading();
    List<String> answered = t.await(client.answered);

    assertThat(answered).isEqualTo(tags(count));
    assertThat(server.mostBufferedAtACall)
        .isLessThanOrEqualTo(StringTransport.DEFAULT_HIGH_WATER_MARK);
    client.transport.loseConnection();
    t.await(watched.amp.whenLost());
    t.await(port.stopListening());
  }
}
