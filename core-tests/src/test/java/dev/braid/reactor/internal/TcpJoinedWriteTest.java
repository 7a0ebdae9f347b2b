package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.PullProducer;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Several small buffers queued in one event are joined into one write (TcpConnection.writeJoined);
 * these check that the bytes still arrive whole and in order, also when the socket takes only part.
 */
@BraidTest
class TcpJoinedWriteTest {
  @Test
  void manySmallWritesOfMixedBufferKindsArriveWholeAndInOrder(ReactorTester t) throws IOException {
    byte[] expected = pattern(300 * 40);
    ListeningPort port =
        listen(
            t.reactor(),
            transport -> {
              for (int i = 0; i < 300; i++) {
                ByteBuffer piece = ByteBuffer.wrap(expected, i * 40, 40).slice();
                ByteBuffer kind =
                    switch (i % 3) {
                      case 0 -> piece;
                      case 1 -> piece.asReadOnlyBuffer();
                      default -> ByteBuffer.allocateDirect(40).put(piece).flip();
                    };
                transport.write(kind);
              }
              transport.loseConnection();
            });
    assertThat(t.await(readAll(t.reactor(), port))).isEqualTo(expected);
    t.await(port.stopListening());
  }

  @Test
  void smallWritesTheSocketTakesOnlyPartlyStayQueuedAndFollowInOrder(ReactorTester t)
      throws IOException {
    int pieces = 80_000;
    int size = 100;
    byte[] expected = pattern(pieces * size);
    ListeningPort port =
        listen(
            t.reactor(),
            transport ->
                transport.registerProducer(
                    new PullProducer() {
                      private int next;

                      @Override
                      public void resumeProducing() {
                        if (next == pieces) {
                          transport.unregisterProducer();
                          transport.loseConnection();
                          return;
                        }
                        // ten small buffers per round: always joined, never above the limit
                        for (int i = 0; i < 10 && next < pieces; i++, next++) {
                          transport.write(ByteBuffer.wrap(expected, next * size, size).slice());
                        }
                      }

                      @Override
                      public void stopProducing() {}
                    }));
    assertThat(t.await(readAll(t.reactor(), port))).isEqualTo(expected);
    t.await(port.stopListening());
  }

  private static ListeningPort listen(Reactor reactor, Consumer<Transport> onConnect)
      throws IOException {
    return reactor.listenTcp(
        0, peer -> new Sender(onConnect), TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  /** Connects and reads (in 1 KiB reads, slower than the server writes) until the server closes. */
  private static Deferred<byte[]> readAll(Reactor reactor, ListeningPort port) {
    InetSocketAddress address =
        new InetSocketAddress("127.0.0.1", ((InetSocketAddress) port.address()).getPort());
    return reactor.deferToThread(
        () -> {
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          try (SocketChannel client = SocketChannel.open(address)) {
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (true) {
              in.clear();
              int n = client.read(in);
              if (n < 0) {
                break;
              }
              all.write(in.array(), 0, n);
            }
          }
          return all.toByteArray();
        });
  }

  private static byte[] pattern(int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) (i * 31 + (i >>> 11));
    }
    return bytes;
  }

  /** Runs {@code onConnect} when the connection is made; ignores input. */
  private record Sender(Consumer<Transport> onConnect) implements Protocol {
    @Override
    public void connectionMade(Transport transport) {
      onConnect.accept(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }

    @Override
    public void connectionLost(Throwable reason) {}
  }
}
