package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.net.ConnectionDone;
import dev.braid.net.ConnectionLost;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import dev.braid.testing.StringTransport.ProducerState;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class StringTransportTest {
  /** A push producer that records what it was told. */
  static final class RecordingPushProducer implements PushProducer {
    final List<String> calls = new ArrayList<>();

    @Override
    public void pauseProducing() {
      calls.add("pause");
    }

    @Override
    public void resumeProducing() {
      calls.add("resume");
    }

    @Override
    public void stopProducing() {
      calls.add("stop");
    }
  }

  /** A pull producer that writes "chunk" each time it is asked. */
  static final class CountingPullProducer implements PullProducer {
    final Transport transport;
    int asked;
    boolean stopped;

    CountingPullProducer(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void resumeProducing() {
      asked++;
      transport.write("chunk");
    }

    @Override
    public void stopProducing() {
      stopped = true;
    }
  }

  /** A protocol that records its events. */
  static final class RecordingProtocol implements Protocol {
    final List<ByteString> received = new ArrayList<>();
    final List<ByteBuffer> lent = new ArrayList<>();
    Transport transport;
    Throwable lost;

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      lent.add(data);
      received.add(ByteString.copyOf(data.duplicate()));
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost = reason;
    }
  }

  @Test
  void writesAreRecordedInOrderWhateverTheWriteMethod() {
    var transport = new StringTransport();
    transport.write("ab");
    transport.write(new byte[] {'c'});
    transport.write(ByteString.ascii("d"));
    transport.writeSequence(
        List.of(ByteBuffer.wrap("ef".getBytes()), ByteBuffer.wrap("g".getBytes())));
    assertThat(transport.writtenUtf8()).isEqualTo("abcdefg");
    assertThat(transport.written()).isEqualTo(ByteString.ascii("abcdefg"));
    assertThat(transport.writes())
        .extracting(ByteString::utf8)
        .containsExactly("ab", "c", "d", "ef", "g");
  }

  @Test
  void manyWritesGrowTheRecordWithoutLosingBytes() {
    var transport = new StringTransport();
    var expected = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      transport.write("line " + i + "\n");
      expected.append("line ").append(i).append('\n');
    }
    assertThat(transport.writtenUtf8()).isEqualTo(expected.toString());
  }

  @Test
  void clearForgetsWhatWasWrittenButKeepsFlags() {
    var transport = new StringTransport();
    transport.write("old");
    transport.pauseProducing();
    transport.clear();
    transport.write("new");
    assertThat(transport.writtenUtf8()).isEqualTo("new");
    assertThat(transport.writes()).hasSize(1);
    assertThat(transport.readingPaused()).isTrue();
  }

  @Test
  void writesAfterLoseConnectionAreDroppedAndCounted() {
    var transport = new StringTransport();
    transport.write("kept");
    transport.loseConnection();
    transport.write("dropped");
    assertThat(transport.disconnecting()).isTrue();
    assertThat(transport.aborted()).isFalse();
    assertThat(transport.writtenUtf8()).isEqualTo("kept");
    assertThat(transport.droppedBytes()).isEqualTo(7);
  }

  @Test
  void abortConnectionSetsAbortedAndDisconnecting() {
    var transport = new StringTransport();
    transport.abortConnection();
    assertThat(transport.aborted()).isTrue();
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void loseWriteConnectionSetsItsFlagAndDropsLaterWritesOnly() {
    var transport = new StringTransport();
    transport.loseWriteConnection();
    transport.write("x");
    assertThat(transport.writeConnectionLost()).isTrue();
    assertThat(transport.disconnecting()).isFalse();
    assertThat(transport.written()).isEqualTo(ByteString.EMPTY);
    assertThat(transport.droppedBytes()).isEqualTo(1);
  }

  @Test
  void pauseAndResumeProducingToggleReadingAndStopAborts() {
    var transport = new StringTransport();
    assertThat(transport.readingPaused()).isFalse();
    transport.pauseProducing();
    assertThat(transport.readingPaused()).isTrue();
    transport.resumeProducing();
    assertThat(transport.readingPaused()).isFalse();
    transport.stopProducing();
    assertThat(transport.aborted()).isTrue();
  }

  @Test
  void addressesDefaultToLoopbackAndCanBeSet() {
    var transport = new StringTransport();
    assertThat(transport.peerAddress()).isInstanceOf(InetSocketAddress.class);
    var peer = (InetSocketAddress) transport.peerAddress();
    var host = (InetSocketAddress) transport.hostAddress();
    assertThat(peer.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(host.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(peer.getPort()).isNotEqualTo(host.getPort());

    var other = InetSocketAddress.createUnresolved("example.test", 7);
    transport.setPeerAddress(other);
    transport.setHostAddress(other);
    assertThat(transport.peerAddress()).isSameAs(other);
    assertThat(transport.hostAddress()).isSameAs(other);
  }

  @Test
  void socketOptionsAreRecordedInOrder() {
    var transport = new StringTransport();
    transport.setOption(StandardSocketOptions.TCP_NODELAY, true);
    transport.setOption(StandardSocketOptions.SO_KEEPALIVE, false);
    transport.setOption(StandardSocketOptions.TCP_NODELAY, false);
    assertThat(transport.option(StandardSocketOptions.TCP_NODELAY)).contains(false);
    assertThat(transport.option(StandardSocketOptions.SO_RCVBUF)).isEmpty();
    assertThat(transport.options().keySet())
        .containsExactly(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE);
  }

  @Test
  void registeringASecondProducerThrowsUntilTheFirstUnregisters() {
    var transport = new StringTransport();
    var first = new RecordingPushProducer();
    transport.registerProducer(first);
    assertThat(transport.producer()).containsSame(first);
    assertThat(transport.producerStreaming()).isTrue();
    assertThatThrownBy(() -> transport.registerProducer(new RecordingPushProducer()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already registered");
    transport.unregisterProducer();
    transport.unregisterProducer(); // does nothing when none is registered
    assertThat(transport.producer()).isEmpty();
    transport.registerProducer(new RecordingPushProducer());
  }

  @Test
  void pushProducerIsPausedAboveHighWaterAndResumedAtLowWater() {
    var transport = new StringTransport();
    transport.setWriteBufferWaterMarks(10, 20);
    var producer = new RecordingPushProducer();
    transport.registerProducer(producer);
    assertThat(transport.producerState()).isEqualTo(ProducerState.PRODUCING);

    transport.setBufferedBytes(20); // at the mark, not above
    assertThat(producer.calls).isEmpty();
    transport.setBufferedBytes(21);
    transport.fillWriteBuffer(); // already paused: not told twice
    assertThat(producer.calls).containsExactly("pause");
    assertThat(transport.producerState()).isEqualTo(ProducerState.PAUSED);

    transport.setBufferedBytes(11); // between the marks: still paused
    assertThat(producer.calls).containsExactly("pause");
    transport.setBufferedBytes(10);
    assertThat(producer.calls).containsExactly("pause", "resume");
    assertThat(transport.producerState()).isEqualTo(ProducerState.PRODUCING);
    assertThat(transport.bufferedBytes()).isEqualTo(10);
  }

  @Test
  void fillAndDrainUseTheWaterMarks() {
    var transport = new StringTransport();
    var producer = new RecordingPushProducer();
    transport.registerProducer(producer);
    transport.fillWriteBuffer();
    assertThat(transport.bufferedBytes()).isEqualTo(StringTransport.DEFAULT_HIGH_WATER_MARK + 1);
    transport.drainWriteBuffer();
    assertThat(transport.bufferedBytes()).isZero();
    assertThat(producer.calls).containsExactly("pause", "resume");
  }

  @Test
  void pushProducerRegisteredOverHighWaterIsPausedAtOnce() {
    var transport = new StringTransport();
    transport.fillWriteBuffer();
    var producer = new RecordingPushProducer();
    transport.registerProducer(producer);
    assertThat(producer.calls).containsExactly("pause");
    assertThat(transport.producerState()).isEqualTo(ProducerState.PAUSED);
  }

  @Test
  void pullProducerIsAskedOnRegistrationAndOnEachDrainOnly() {
    var transport = new StringTransport();
    var producer = new CountingPullProducer(transport);
    transport.registerProducer(producer);
    assertThat(transport.producerStreaming()).isFalse();
    assertThat(producer.asked).isEqualTo(1);
    transport.fillWriteBuffer();
    assertThat(producer.asked).isEqualTo(1);
    transport.drainWriteBuffer();
    transport.drainWriteBuffer();
    assertThat(producer.asked).isEqualTo(3);
    assertThat(transport.writtenUtf8()).isEqualTo("chunkchunkchunk");
  }

  @Test
  void stalledPeerMakesWritesPileUpUntilTheProducerIsPaused() {
    var transport = new StringTransport();
    transport.setWriteBufferWaterMarks(4, 8);
    transport.setPeerStalled(true);
    var producer = new RecordingPushProducer();
    transport.registerProducer(producer);
    transport.write("12345678");
    assertThat(producer.calls).isEmpty();
    transport.write("9");
    assertThat(producer.calls).containsExactly("pause");
    assertThat(transport.bufferedBytes()).isEqualTo(9);
    assertThat(transport.writtenUtf8()).isEqualTo("123456789");
    transport.drainWriteBuffer();
    assertThat(producer.calls).containsExactly("pause", "resume");
  }

  @Test
  void reportDisconnectStopsTheProducerAndTellsTheProtocolTheConnectionIsDone() {
    var transport = new StringTransport();
    var protocol = new RecordingProtocol();
    transport.makeConnection(protocol);
    assertThat(protocol.transport).isSameAs(transport);
    var producer = new RecordingPushProducer();
    transport.registerProducer(producer);
    transport.loseConnection();
    transport.reportDisconnect();
    assertThat(producer.calls).containsExactly("stop");
    assertThat(transport.producer()).isEmpty();
    assertThat(transport.producerState()).isEqualTo(ProducerState.STOPPED);
    assertThat(transport.connectionLost()).isTrue();
    assertThat(protocol.lost).isInstanceOf(ConnectionDone.class);
    assertThatThrownBy(transport::reportDisconnect).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void reportDisconnectAfterAbortGivesConnectionLost() {
    var transport = new StringTransport();
    var protocol = new RecordingProtocol();
    transport.makeConnection(protocol);
    transport.abortConnection();
    transport.reportDisconnect();
    assertThat(protocol.lost).isInstanceOf(ConnectionLost.class);
  }

  @Test
  void reportDisconnectWithoutProtocolOrProducerOnlyMarksTheConnectionLost() {
    var transport = new StringTransport();
    var reason = new IllegalStateException("reset");
    transport.reportDisconnect(reason);
    transport.write("late");
    assertThat(transport.connectionLost()).isTrue();
    assertThat(transport.droppedBytes()).isEqualTo(4);
  }

  @Test
  void producerRegisteredAfterTheConnectionWasLostIsStoppedAtOnce() {
    var transport = new StringTransport();
    transport.reportDisconnect();
    var producer = new CountingPullProducer(transport);
    transport.registerProducer(producer);
    assertThat(producer.stopped).isTrue();
    assertThat(producer.asked).isZero();
    assertThat(transport.producer()).isEmpty();
    assertThat(transport.producerState()).isEqualTo(ProducerState.STOPPED);
  }

  @Test
  void receiveLendsAReadOnlyViewThatIsOverwrittenAfterTheCall() {
    var transport = new StringTransport();
    var protocol = new RecordingProtocol();
    transport.makeConnection(protocol);
    transport.receive("hello");
    transport.receive(ByteString.EMPTY); // never delivered
    assertThat(protocol.received).containsExactly(ByteString.ascii("hello"));
    ByteBuffer kept = protocol.lent.getFirst();
    assertThat(kept.isReadOnly()).isTrue();
    assertThat(kept.position()).isNotZero();
    assertThatThrownBy(() -> kept.put(kept.position(), (byte) 0))
        .isInstanceOf(ReadOnlyBufferException.class);
    assertThat(StandardCharsets.US_ASCII.decode(kept.duplicate()).toString()).isNotEqualTo("hello");
  }

  @Test
  void receiveNeedsAProtocolAndALiveConnection() {
    var transport = new StringTransport();
    assertThatThrownBy(() -> transport.receive("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("makeConnection");
    transport.makeConnection(new RecordingProtocol());
    assertThatThrownBy(() -> transport.makeConnection(new RecordingProtocol()))
        .isInstanceOf(IllegalStateException.class);
    transport.reportDisconnect();
    assertThatThrownBy(() -> transport.receive("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void waterMarksMustBeOrdered() {
    var transport = new StringTransport();
    assertThatThrownBy(() -> transport.setWriteBufferWaterMarks(10, 5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> transport.setWriteBufferWaterMarks(-1, 5))
        .isInstanceOf(IllegalArgumentException.class);
    transport.setWriteBufferWaterMarks(5, 5);
    assertThat(transport.lowWaterMark()).isEqualTo(5);
    assertThat(transport.highWaterMark()).isEqualTo(5);
  }

  @Test
  void producerStateWithoutAnyProducerSaysSo() {
    var transport = new StringTransport();
    assertThatThrownBy(transport::producerState)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no producer");
    assertThatThrownBy(transport::producerStreaming).isInstanceOf(IllegalStateException.class);
  }
}
