package dev.braid.reactor.internal;

import dev.braid.net.BaseProtocol;
import dev.braid.net.ListeningPort;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The server of {@link AcceptWithoutDescriptorsTest}, run in a JVM of its own with few file
 * descriptors: listens on 127.0.0.1 at a port the OS chooses, prints {@code port N} on standard
 * output, greets each connection with {@code hi\n}, prints {@code lost} when one ends, and stops
 * when its standard input closes.
 */
final class DescriptorStarvedServer {
  private DescriptorStarvedServer() {}

  /** Greets, then holds the connection until the client closes it. */
  private static final class Greeter extends BaseProtocol {
    @Override
    public void connectionMade(Transport transport) {
      super.connectionMade(transport);
      transport.write(java.nio.ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public void connectionLost(Throwable reason) {
      System.out.println("lost");
      System.out.flush();
    }
  }

  public static void main(String[] args) {
    Reactor reactor = Reactors.create();
    reactor.callWhenRunning(
        () -> {
          try {
            ListeningPort port =
                reactor.listenTcp(
                    0,
                    peer -> new Greeter(),
                    TcpListenOptions.defaults().withInterface("127.0.0.1"));
            System.out.println("port " + ((InetSocketAddress) port.address()).getPort());
            System.out.flush();
          } catch (IOException e) {
            e.printStackTrace();
            reactor.stop();
          }
        });
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                System.in.readAllBytes();
              } catch (IOException e) {
                // stop as when the input closes
              }
              reactor.callFromThread(reactor::stop);
            });
    reactor.run();
  }
}
