package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.FileSending;
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
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileSending.sendFile on real TCP connections: zero-copy, in order with queued writes. */
@BraidTest
class TcpSendFileTest {
  @TempDir Path tmp;

  /** Writes a prefix, then the whole file with sendFile from a pull producer, then a suffix. */
  private static final class FileProtocol implements Protocol, PullProducer {
    private final FileChannel file;
    private Transport transport;
    private long sent;
    int zeroReturns;

    FileProtocol(Path path) {
      try {
        file = FileChannel.open(path, StandardOpenOption.READ);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      assertThat(transport).isInstanceOf(FileSending.class);
      transport.write(ByteBuffer.wrap(new byte[] {'<'}));
      assertThat(((FileSending) transport).sendFile(file, 0, 10)).isZero();
      transport.registerProducer(this);
    }

    @Override
    public void resumeProducing() {
      try {
        long size = file.size();
        while (sent < size) {
          long n = ((FileSending) transport).sendFile(file, sent, size - sent);
          sent += n;
          if (n == 0) {
            zeroReturns++;
            return;
          }
        }
        transport.unregisterProducer();
        transport.write(ByteBuffer.wrap(new byte[] {'>'}));
        transport.loseConnection();
        file.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void stopProducing() {}

    @Override
    public void dataReceived(ByteBuffer data) {
      data.position(data.limit());
    }
  }

  @Test
  void aFileIsSentWholeAndInOrderBetweenQueuedWrites(ReactorTester t) throws IOException {
    byte[] content = new byte[6 * 1024 * 1024 + 3];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 7 + (i >>> 9));
    }
    Path path = tmp.resolve("f.bin");
    Files.write(path, content);
    Reactor reactor = t.reactor();
    ListeningPort port =
        reactor.listenTcp(
            0,
            peer -> new FileProtocol(path),
            TcpListenOptions.defaults().withInterface("127.0.0.1"));
    InetSocketAddress address =
        new InetSocketAddress("127.0.0.1", ((InetSocketAddress) port.address()).getPort());
    Deferred<byte[]> got =
        reactor.deferToThread(
            () -> {
              ByteArrayOutputStream all = new ByteArrayOutputStream();
              try (SocketChannel client = SocketChannel.open(address)) {
                ByteBuffer in = ByteBuffer.allocate(64 * 1024);
                for (int n; (n = client.read(in.clear())) >= 0; ) {
                  all.write(in.array(), 0, n);
                }
              }
              return all.toByteArray();
            });
    byte[] received = t.await(got);
    assertThat(received).hasSize(content.length + 2);
    assertThat(received[0]).isEqualTo((byte) '<');
    assertThat(received[received.length - 1]).isEqualTo((byte) '>');
    assertThat(java.util.Arrays.copyOfRange(received, 1, received.length - 1)).isEqualTo(content);
    t.await(port.stopListening());
  }
}
