package dev.braid.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import org.junit.jupiter.api.Test;

@BraidTest
class EchoTest {
  @Test
  void everyByteIsWrittenBackHoweverTheInputIsCut() {
    var input = ByteString.of((byte) 0, (byte) 0xff, (byte) 'a', (byte) '\r', (byte) '\n');
    ProtocolFeeder.standard()
        .withRandomChunks(1, 4)
        .feedAllWays(Echo::new, input, (echo, t) -> assertThat(t.written()).isEqualTo(input));
  }

  @Test
  void theTransportIsRegisteredAsTheStreamingProducerOfItsOwnWrites() {
    var transport = new StringTransport();
    transport.makeConnection(new Echo());
    assertThat(transport.producer()).containsSame(transport);
    assertThat(transport.producerStreaming()).isTrue();
  }

  @Test
  void aPeerThatDoesNotReadMakesTheEchoStopReading() {
    var transport = new StringTransport();
    transport.setWriteBufferWaterMarks(4, 8);
    transport.setPeerStalled(true);
    transport.makeConnection(new Echo());
    transport.receive("12345678");
    assertThat(transport.readingPaused()).isFalse();
    transport.receive("9");
    assertThat(transport.readingPaused()).isTrue();
    transport.drainWriteBuffer();
    assertThat(transport.readingPaused()).isFalse();
    assertThat(transport.writtenUtf8()).isEqualTo("123456789");
  }

  @Test
  void losingTheConnectionLeavesNoProducerRegistered() {
    var transport = new StringTransport();
    transport.makeConnection(new Echo());
    transport.reportDisconnect();
    assertThat(transport.producer()).isEmpty();
  }

  @Test
  void theFactoryMakesAnEchoPerConnection() {
    var factory = Echo.factory();
    var first = factory.buildProtocol(new StringTransport().peerAddress());
    var second = factory.buildProtocol(new StringTransport().peerAddress());
    assertThat(first).isInstanceOf(Echo.class).isNotSameAs(second);
  }
}
