package dev.braid.bench;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.reactor.ReactorGroup.Distribution;
import dev.braid.reactor.Reactors;
import dev.braid.time.ReactorTime;
import dev.braid.web.MethodResource;
import dev.braid.web.Request;
import dev.braid.web.Site;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The Braid server for the peer benchmark in {@code ../shared/bench-peers} ({@code
 * bench/peer-braid.json}); the main class of {@code target/braid-bench-peer.jar}.
 *
 * <pre>
 * java -jar braid-bench-peer.jar echo PORT   # echo server on 127.0.0.1:PORT, one reactor
 * java -jar braid-bench-peer.jar echo-group N PORT [reuseport|acceptor]
 *                                             # the same on a group of N reactors
 * java -jar braid-bench-peer.jar http PORT   # HTTP/1.1 plaintext server, one reactor
 * java -jar braid-bench-peer.jar train       # AOT training run: serve, echo over loopback, exit
 * </pre>
 *
 * <p>{@code echo} binds 127.0.0.1:PORT on one reactor (the main thread), prints {@code LISTENING
 * <port>} on stdout once bound, and echoes every byte back with {@link Echo} (which applies
 * back-pressure: it stops reading while its write buffer is above the high-water mark). SIGTERM
 * stops the reactor (closing the port and every connection) and the process exits 0.
 *
 * <p>{@code echo-group} runs the same echo server on a {@link ReactorGroup} of N reactors (N
 * threads; the main thread runs the first), spreading connections with {@code SO_REUSEPORT} (the
 * default on Linux) or with one acceptor that deals them out round robin.
 *
 * <p>{@code http} serves {@code GET /plaintext} with {@code Hello, World!} ({@code text/plain})
 * from a {@link Site} with default settings (keep-alive, pipelining, {@code Date} and {@code
 * Server} headers, no access log), the way an application would write it: a {@link MethodResource}
 * under the root.
 *
 * <p>{@code train} is run once at package time with {@code -XX:AOTCacheOutput}: it exercises the
 * same start, accept, read, write and stop paths as the benchmark so that the JDK's AOT cache holds
 * the classes and method profiles the server needs.
 */
public final class PeerMain {
  /** Backlog of the listening socket: the connection-scale run opens 10,000 at once. */
  private static final int BACKLOG = 4096;

  private PeerMain() {}

  /**
   * Runs the mode named by {@code args[0]}; called on the main thread, which becomes the reactor
   * thread.
   */
  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    switch (mode) {
      case "echo" -> {
        if (args.length != 2) {
          usage(System.err);
          System.exit(2);
        }
        echo(parsePort(args[1]));
      }
      case "echo-group" -> {
        if (args.length != 3 && args.length != 4) {
          usage(System.err);
          System.exit(2);
        }
        int reactors = parseReactors(args[1]);
        int port = parsePort(args[2]);
        Distribution how = args.length == 4 ? parseDistribution(args[3]) : Distribution.AUTO;
        echoGroup(reactors, port, how);
      }
      case "train" -> train();
      case "http" -> {
        if (args.length != 2) {
          usage(System.err);
          System.exit(2);
        }
        http(parsePort(args[1]));
      }
      default -> {
        usage(System.err);
        System.exit(2);
      }
    }
  }

  private static void usage(PrintStream out) {
    out.println(
        "usage: java -jar braid-bench-peer.jar echo PORT | echo-group N PORT [reuseport|acceptor]"
            + " | http PORT | train");
  }

  private static int parseReactors(String text) {
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= 1024) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("braid-bench-peer: N (reactors) must be 1..1024, got " + text);
    System.exit(2);
    return -1;
  }

  private static Distribution parseDistribution(String text) {
    return switch (text) {
      case "reuseport" -> Distribution.REUSE_PORT;
      case "acceptor" -> Distribution.ACCEPTOR;
      default -> {
        System.err.println(
            "braid-bench-peer: distribution must be reuseport or acceptor, got " + text);
        System.exit(2);
        yield Distribution.AUTO;
      }
    };
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    System.err.println("braid-bench-peer: PORT must be 0..65535, got " + text);
    System.exit(2);
    return -1;
  }

  private static void echo(int port) throws IOException {
    Reactor reactor = Reactors.create();
    serve(reactor, listen(reactor, port, Echo.factory()));
  }

  private static void http(int port) throws IOException {
    Reactor reactor = Reactors.create();
    serve(reactor, listen(reactor, port, plaintextSite(reactor)));
  }

  /** The site of the {@code http} mode: {@code /plaintext} answers {@code Hello, World!}. */
  static Site plaintextSite(ReactorTime time) {
    MethodResource root =
        new MethodResource() {
          @Override
          protected Deferred<Void> get(Request request) {
            return request.respondHtml("<p>See <a href=\"/plaintext\">/plaintext</a>.</p>");
          }
        };
    root.putChild("plaintext", new Plaintext());
    return Site.create(time, root);
  }

  /** {@code GET /plaintext}: a fixed text body. */
  private static final class Plaintext extends MethodResource {
    private static final ByteString HELLO = ByteString.utf8("Hello, World!");

    @Override
    protected Deferred<Void> get(Request request) {
      return request.respond(200, "text/plain", HELLO);
    }
  }

  private static void serve(Reactor reactor, ListeningPort listening) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (reactor.running()) {
                    reactor.stop();
                    try {
                      stopped.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                },
                "braid-peer-sigterm"));
    System.out.println("LISTENING " + ((InetSocketAddress) listening.address()).getPort());
    System.out.flush();
    try {
      reactor.run();
    } finally {
      stopped.countDown();
    }
  }

  private static void echoGroup(int reactors, int port, Distribution how) throws Exception {
    ReactorGroup group = ReactorGroup.builder().reactors(reactors).distribution(how).build();
    // Before the group runs, the creating thread binds at once (the Deferred has fired).
    List<ListeningPort> ports =
        group
            .listenTcp(
                port,
                Echo.factory(),
                TcpListenOptions.defaults().withInterface("127.0.0.1").withBacklog(BACKLOG),
                how)
            .toCompletableFuture()
            .get();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (group.running()) {
                    group.stop();
                    try {
                      group.awaitTermination(Duration.ofSeconds(5));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                },
                "braid-peer-sigterm"));
    System.out.println("LISTENING " + ((InetSocketAddress) ports.get(0).address()).getPort());
    System.out.flush();
    group.run();
  }

  private static ListeningPort listen(Reactor reactor, int port, ProtocolFactory factory)
      throws IOException {
    return reactor.listenTcp(
        port, factory, TcpListenOptions.defaults().withInterface("127.0.0.1").withBacklog(BACKLOG));
  }

  /**
   * The AOT training run: an echo server on an ephemeral port, a blocking client on another thread
   * that does small ping-pongs on a few connections and a bulk transfer, then a clean stop.
   */
  private static void train() throws Exception {
    Reactor reactor = Reactors.create();
    int port = ((InetSocketAddress) listen(reactor, 0, Echo.factory()).address()).getPort();
    int httpPort =
        ((InetSocketAddress) listen(reactor, 0, plaintextSite(reactor)).address()).getPort();
    CompletableFuture<Void> client = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("braid-peer-train-client")
        .start(
            () -> {
              try {
                trainClient(port);
                trainHttpClient(httpPort);
                client.complete(null);
              } catch (Throwable e) {
                client.completeExceptionally(e);
              } finally {
                reactor.stop();
              }
            });
    reactor.run();
    client.get();
    trainGroup();
  }

  /** The same training against a group of two reactors, so the AOT cache holds its classes. */
  private static void trainGroup() throws Exception {
    ReactorGroup group = ReactorGroup.create(2);
    List<ListeningPort> ports =
        group.listen("tcp:0:interface=127.0.0.1", Echo.factory()).toCompletableFuture().get();
    int port = ((InetSocketAddress) ports.get(0).address()).getPort();
    group.start();
    try {
      trainClient(port);
    } finally {
      group.stop();
      group.awaitTermination(Duration.ofSeconds(30));
    }
  }

  /** Plain and pipelined {@code GET /plaintext} on a few keep-alive connections. */
  private static void trainHttpClient(int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    byte[] one =
        "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    for (int c = 0; c < 4; c++) {
      try (SocketChannel channel = SocketChannel.open(address)) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
        for (int i = 0; i < 2_000; i++) {
          int depth = i % 2 == 0 ? 1 : 16;
          ByteBuffer out = ByteBuffer.allocate(one.length * depth);
          for (int k = 0; k < depth; k++) {
            out.put(one);
          }
          out.flip();
          while (out.hasRemaining()) {
            channel.write(out);
          }
          int answers = 0;
          while (answers < depth) {
            in.clear();
            if (channel.read(in) < 0) {
              throw new IOException("the http server closed the connection");
            }
            in.flip();
            while (in.hasRemaining()) {
              if (in.get() == '!') {
                answers++;
              }
            }
          }
        }
      }
    }
  }

  private static void trainClient(int port) throws IOException {
    InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
    for (int c = 0; c < 8; c++) {
      try (SocketChannel channel = SocketChannel.open(address)) {
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ByteBuffer out = ByteBuffer.allocateDirect(64);
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        for (int i = 0; i < 2_000; i++) {
          out.clear();
          while (out.hasRemaining()) {
            channel.write(out);
          }
          in.clear();
          while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
              throw new IOException("the echo server closed the connection");
            }
          }
        }
      }
    }
    try (SocketChannel channel = SocketChannel.open(address)) {
      ByteBuffer out = ByteBuffer.allocateDirect(1 << 20);
      ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
      for (int i = 0; i < 32; i++) {
        out.clear();
        in.clear();
        while (out.hasRemaining() || in.hasRemaining()) {
          if (out.hasRemaining()) {
            channel.configureBlocking(false);
            channel.write(out);
          }
          channel.configureBlocking(!out.hasRemaining());
          if (channel.read(in) < 0) {
            throw new IOException("the echo server closed the connection");
          }
        }
      }
    }
  }
}
