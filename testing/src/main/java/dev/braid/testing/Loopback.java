package dev.braid.testing;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Connects a server protocol and a client protocol in memory, without sockets or a reactor
 * (Twisted's {@code iosim.connectedServerAndClient}). The returned {@link LoopbackPump} moves the
 * bytes when the test says so:
 *
 * <pre>{@code
 * var pump = Loopback.connect(new EchoServer(), client);
 * client.send("hello");
 * pump.flush();
 * assertThat(client.received()).containsExactly("hello");
 * }</pre>
 *
 * <p>The two transports have made-up addresses on 127.0.0.1: the server a port from 10000 up, the
 * client an ephemeral-looking port from 49152 up, each new connection a new pair. Test thread only.
 */
public final class Loopback {
  private static final AtomicInteger SERVER_PORTS = new AtomicInteger();
  private static final AtomicInteger CLIENT_PORTS = new AtomicInteger();
  private static final InetAddress LOCALHOST;

  static {
    try {
      LOCALHOST = InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Loopback() {}

  /**
   * Connects {@code server} and {@code client}: calls {@code connectionMade} on the server, then on
   * the client, and returns the pump. Nothing is delivered until the test pumps (so the greeting a
   * server writes in {@code connectionMade} waits for the first {@link LoopbackPump#flush()}). An
   * exception thrown by {@code connectionMade} is logged and aborts the connection at the first
   * pump.
   */
  public static LoopbackPump connect(Protocol server, Protocol client) {
    return started(pair(server, nextServerAddress(), client, nextClientAddress(), reason -> {}));
  }

  /**
   * Same as {@link #connect(Protocol, Protocol)} with protocols built by the factories: the server
   * factory's {@code buildProtocol} gets the client's address and the client factory's the
   * server's. The factories' {@code startFactory}/{@code stopFactory} are not called. An exception
   * from {@code buildProtocol} (also {@link dev.braid.net.RefuseConnectionException}) is thrown to
   * the caller.
   */
  public static LoopbackPump connect(ProtocolFactory server, ProtocolFactory client) {
    InetSocketAddress serverAddress = nextServerAddress();
    InetSocketAddress clientAddress = nextClientAddress();
    Protocol serverProtocol = server.buildProtocol(clientAddress);
    Protocol clientProtocol = client.buildProtocol(serverAddress);
    return started(
        pair(serverProtocol, serverAddress, clientProtocol, clientAddress, reason -> {}));
  }

  private static LoopbackPump started(LoopbackPump pump) {
    pump.start();
    return pump;
  }

  /**
   * A connection not yet started (no connectionMade yet; {@link LoopbackPump#start()} does that).
   * {@code onClientLost} hears the client's reason after the client's connectionLost.
   */
  static LoopbackPump pair(
      Protocol server,
      InetSocketAddress serverAddress,
      Protocol client,
      InetSocketAddress clientAddress,
      Consumer<Throwable> onClientLost) {
    var serverTransport = new LoopbackTransport("server", serverAddress, clientAddress);
    var clientTransport = new LoopbackTransport("client", clientAddress, serverAddress);
    serverTransport.protocol = server;
    clientTransport.protocol = client;
    return new LoopbackPump(serverTransport, clientTransport, onClientLost);
  }

  /** A made-up address on 127.0.0.1 for {@code port}. */
  static InetSocketAddress localhost(int port) {
    return new InetSocketAddress(LOCALHOST, port);
  }

  static InetSocketAddress nextServerAddress() {
    return localhost(10_000 + Math.floorMod(SERVER_PORTS.getAndIncrement(), 30_000));
  }

  static InetSocketAddress nextClientAddress() {
    return localhost(49_152 + Math.floorMod(CLIENT_PORTS.getAndIncrement(), 16_384));
  }
}
