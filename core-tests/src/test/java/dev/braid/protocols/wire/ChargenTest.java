package dev.braid.protocols.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import dev.braid.testing.StringTransport.ProducerState;
import org.junit.jupiter.api.Test;

@BraidTest
class ChargenTest {
  @Test
  void linesAre72RotatingPrintableCharactersEndedByCrlf() {
    var transport = new StringTransport();
    transport.makeConnection(new Chargen());
    transport.drainWriteBuffer(); // a second chunk, to see the pattern wrap around
    String out = transport.writtenUtf8();
    String printable =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
            + "[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    assertThat(printable).hasSize(95);
    String ring = printable + printable;
    String[] lines = out.split("\r\n", -1);
    assertThat(lines).hasSize(2 * 95 + 1);
    assertThat(lines[lines.length - 1]).isEmpty();
    for (int i = 0; i < 2 * 95; i++) {
      int start = i % 95;
      assertThat(lines[i]).as("line %d", i).isEqualTo(ring.substring(start, start + 72));
    }
    assertThat(lines[0]).startsWith(" !\"#");
    assertThat(lines[1]).startsWith("!\"#$");
  }

  @Test
  void oneChunkIsWrittenEachTimeTheTransportAsksAndNoneOtherwise() {
    var transport = new StringTransport();
    var chargen = new Chargen();
    transport.makeConnection(chargen);
    assertThat(transport.producer()).containsSame(chargen);
    assertThat(transport.producerStreaming()).isFalse();
    assertThat(transport.writes()).hasSize(1);
    assertThat(transport.written().size()).isEqualTo(Chargen.CHUNK_SIZE);

    transport.fillWriteBuffer(); // the peer is not reading: the transport does not ask
    transport.receive("ignored input");
    assertThat(transport.writes()).hasSize(1);

    transport.drainWriteBuffer();
    assertThat(transport.writes()).hasSize(2);
  }

  @Test
  void aSlowPeerNeverMakesItBufferMoreThanTheLowWaterMarkPlusOneChunk() {
    var transport = new StringTransport();
    int low = 10_000;
    int high = 20_000;
    transport.setWriteBufferWaterMarks(low, high);
    transport.setPeerStalled(true);
    transport.makeConnection(new Chargen());
    long maxBuffered = transport.bufferedBytes();
    long sent = 0;
    for (int step = 0; step < 200; step++) {
      long read = Math.min(1500, transport.bufferedBytes()); // the peer reads a little
      sent += read;
      transport.setBufferedBytes(transport.bufferedBytes() - read);
      maxBuffered = Math.max(maxBuffered, transport.bufferedBytes());
    }
    assertThat(maxBuffered).isLessThanOrEqualTo(low + Chargen.CHUNK_SIZE);
    assertThat(sent).isGreaterThan(10L * Chargen.CHUNK_SIZE); // and it kept streaming
  }

  @Test
  void losingTheConnectionStopsItForGood() {
    var transport = new StringTransport();
    var chargen = new Chargen();
    transport.makeConnection(chargen);
    transport.reportDisconnect();
    assertThat(transport.producerState()).isEqualTo(ProducerState.STOPPED);
    assertThat(transport.producer()).isEmpty();
    transport.clear();
    chargen.resumeProducing(); // a late ask writes nothing
    assertThat(transport.writes()).isEmpty();
    assertThat(transport.droppedBytes()).isZero();
  }

  @Test
  void stopProducingAloneStopsTheWrites() {
    var transport = new StringTransport();
    var chargen = new Chargen();
    transport.makeConnection(chargen);
    chargen.stopProducing();
    transport.clear();
    transport.drainWriteBuffer();
    assertThat(transport.writes()).isEmpty();
  }

  @Test
  void theFactoryMakesAChargenPerConnection() {
    var factory = Chargen.factory();
    var peer = new StringTransport().peerAddress();
    assertThat(factory.buildProtocol(peer))
        .isInstanceOf(Chargen.class)
        .isNotSameAs(factory.buildProtocol(peer));
  }
}
