package dev.braid.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.FlowControlTest.SlowReader;
import dev.braid.net.FlowControlTest.Streamer;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** A relay between two real sockets: a fast source, a slow reader, and what the relay holds. */
@BraidTest
class RelaySocketTest {
  private static final TcpListenOptions LOCAL =
      TcpListenOptions.defaults().withInterface("127.0.0.1");

  /** A slow reader that, at each read, notes how much the relay holds for it. */
  static final class Watching extends SlowReader {
    Relay.End relayed;
    long maxHeld;

    Watching(Reactor reactor) {
      super(reactor);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      if (relayed != null) {
        maxHeld = Math.max(maxHeld, relayed.transport().bufferedBytes());
      }
      super.dataReceived(data);
    }
  }

  private static Relay.End dial(ReactorTester t, ListeningPort port) {
    int number = ((InetSocketAddress) port.address()).getPort();
    return (Relay.End)
        t.await(
            Endpoints.clientFromString(t.reactor(), "tcp:127.0.0.1:" + number)
                .connect(peer -> Relay.end()));
  }

  @Test
  void aSlowReaderKeepsWhatTheRelayHoldsWithinTheWaterMarksAndGetsEveryByte(ReactorTester t)
      throws IOException {
    Reactor reactor = t.reactor();
    long total = 16L << 20;
    Streamer source = new Streamer(total);
    Watching reader = new Watching(reactor);
    ListeningPort sourcePort = reactor.listenTcp(0, peer -> source, LOCAL);
    ListeningPort readerPort = reactor.listenTcp(0, peer -> reader, LOCAL);
    Relay.End fromSource = dial(t, sourcePort);
    Relay.End toReader = dial(t, readerPort);
    reader.relayed = toReader;
    Relay.join(fromSource, toReader);
    t.await(source.done);
    t.await(reader.lost);
    assertThat(reader.count).isEqualTo(total);
    // the high-water mark, plus at most one read (the reactor's 64 KiB buffer) that crossed it
    assertThat(reader.maxHeld)
        .isPositive()
        .isLessThanOrEqualTo(WaterMarks.DEFAULT_HIGH + 64 * 1024);
    t.await(sourcePort.stopListening());
    t.await(readerPort.stopListening());
  }
}
