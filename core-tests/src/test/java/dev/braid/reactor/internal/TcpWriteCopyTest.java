package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Transport.writeCopy on real TCP connections over 127.0.0.1. */
@BraidTest
class TcpWriteCopyTest {
  private static final int BIG = 8 * 1024 * 1024;

  @Test
  void echoSendsEveryByteBackOverLoopback(ReactorTester t) throws IOException {
    ListeningPort port = listen(t.reactor(), () -> new Echo());
    byte[] message = pattern(100_000);
    Deferred<byte[]> echoed =
        t.reactor()
            .deferToThread(
                () -> {
                  try (SocketChannel client = SocketChannel.open(address(port))) {
                    ByteBuffer out = ByteBuffer.wrap(message);
                    ByteBuffer in = ByteBuffer.allocate(message.length);
                    while (out.hasRemaining()) {
                      client.write(out);
                      while (in.position() < out.position()) {
                        client.read(in);
                      }
                    }
                    return in.array();
                  }
                });
    assertThat(t.await(echoed)).isEqualTo(message);
    t.await(port.stopListening());
  }

  @Test
  void bytesTheSocketDidNotTakeAreCopiedSoTheCallerMayReuseItsBuffer(ReactorTester t)
      throws IOException {
    byte[] expected = pattern(BIG);
    ListeningPort port =
        listen(
            t.reactor(),
            () ->
                new Sender(
                    transport -> {
                      ByteBuffer lent = ByteBuffer.allocateDirect(BIG).put(expected).flip();
                      transport.writeCopy(lent);
                      assertThat(lent.hasRemaining()).isFalse();
                      lent.clear();
                      while (lent.hasRemaining()) {
                        lent.put((byte) 0);
                      }
                      transport.loseConnection();
                    }));
    assertThat(t.await(readAll(t.reactor(), port))).isEqualTo(expected);
    t.await(port.stopListening());
  }

  @Test
  void writeCopyGoesAfterBytesAlreadyQueuedByWrite(ReactorTester t) throws IOException {
    ListeningPort port =
        listen(
            t.reactor(),
            () ->
                new Sender(
                    transport -> {
                      transport.write(ByteBuffer.wrap(new byte[] {'a', 'b'}));
                      transport.writeCopy(ByteBuffer.wrap(new byte[] {'c', 'd'}));
                      transport.write(ByteBuffer.wrap(new byte[] {'e'}));
                      transport.loseConnection();
                    }));
    assertThat(new String(t.await(readAll(t.reactor(), port)), "US-ASCII")).isEqualTo("abcde");
    t.await(port.stopListening());
  }

  @Test
  void writeCopyAfterTheConnectionClosedConsumesTheBufferAndSendsNothing(ReactorTester t)
      throws IOException {
    ByteBuffer[] late = {null};
    ListeningPort port =
        listen(
            t.reactor(),
            () ->
                new Sender(
                    transport -> {
                      transport.write(ByteBuffer.wrap(new byte[] {'x'}));
                      transport.abortConnection();
                      late[0] = ByteBuffer.wrap(new byte[] {'y', 'z'});
                      transport.writeCopy(late[0]);
                    }));
    t.await(readAll(t.reactor(), port));
    assertThat(late[0].hasRemaining()).isFalse();
    t.await(port.stopListening());
  }

  private static ListeningPort listen(Reactor reactor, Supplier<Protocol> protocol)
      throws IOException {
    return reactor.listenTcp(
        0, peer -> protocol.get(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  private static InetSocketAddress address(ListeningPort port) {
    return new InetSocketAddress("127.0.0.1", ((InetSocketAddress) port.address()).getPort());
  }

  /**
   * Connects and reads until the server closes or resets the connection; the result is everything
   * read.
   */
  private static Deferred<byte[]> readAll(Reactor reactor, ListeningPort port) {
    return reactor.deferToThread(
        () -> {
          ByteArrayOutputStream all = new ByteArrayOutputStream();
          SocketChannel opened;
          try {
            opened = SocketChannel.open(address(port));
          } catch (IOException resetWhileConnecting) {
            // an aborting server resets the connection; it can arrive before connect() returns
            return all.toByteArray();
          }
          try (SocketChannel client = opened) {
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (true) {
              in.clear();
              int n;
              try {
                n = client.read(in);
              } catch (IOException reset) {
                break;
              }
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

  /** A protocol that runs {@code onConnect} when the connection is made, and ignores input. */
  private record Sender(java.util.function.Consumer<Transport> onConnect) implements Protocol {
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
