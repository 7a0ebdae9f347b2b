package dev.braid.bench;

import dev.braid.net.ListeningPort;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * TLS bulk echo (MB/s) and full handshakes per second: a Braid TLS echo server (one reactor) and a
 * Netty TLS echo server (one NIO event loop, {@code SslProvider.JDK}), both on the JDK's SSLEngine
 * with the same EC P-256 certificate and TLS 1.3, driven by the same blocking JDK SSLSocket client.
 * Not a JMH benchmark (Netty is a test-scope dependency of this module); run with the command in
 * docs/performance.md.
 */
public final class TlsComparison {
  private static final int CHUNK = 64 * 1024;

  private TlsComparison() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = Files.createTempDirectory("braid-tls-bench");
    CertificateKey key = DevCertificates.localhost(dir);
    SSLContext client = TlsOptions.client().trustRoots(List.of(key.leaf())).build().context();
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      for (String engine : List.of("braid", "netty")) {
        AutoCloseable server = engine.equals("braid") ? braid(key) : netty(key);
        int port = ((Port) server).port();
        double mbs = bulk(client, port, seconds);
        double hs = handshakes(client, port, seconds);
        server.close();
        if (round == 1) {
          System.out.printf("%-6s bulk echo %8.1f MB/s   handshakes %7.1f /s%n", engine, mbs, hs);
        }
      }
    }
  }

  private interface Port extends AutoCloseable {
    int port();
  }

  private static Port braid(CertificateKey key) throws Exception {
    Reactor reactor = Reactors.create();
    TlsOptions options = TlsOptions.server(key).build();
    ListeningPort listening =
        reactor.listenTcp(
            0,
            Tls.serverFactory(reactor, options, Echo.factory()),
            TcpListenOptions.defaults().withInterface("127.0.0.1"));
    Thread thread = Thread.ofPlatform().name("braid-reactor").start(reactor::run);
    int port = ((InetSocketAddress) listening.address()).getPort();
    return new Port() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() throws Exception {
        reactor.callFromThread(reactor::stop);
        thread.join();
      }
    };
  }

  private static Port netty(CertificateKey key) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    SslContext ssl =
        SslContextBuilder.forServer(key.key(), key.chain().toArray(X509Certificate[]::new))
            .sslProvider(SslProvider.JDK)
            .protocols("TLSv1.3", "TLSv1.2")
            .build();
    Channel server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(ssl.newHandler(ch.alloc()), new NettyEcho());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    return new Port() {
      @Override
      public int port() {
        return port;
      }

      @Override
      public void close() throws Exception {
        server.close().sync();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
      }
    };
  }

  /** Netty echo with back-pressure: stop reading while the channel is not writable. */
  private static final class NettyEcho extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
      if (!ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  /** MB/s echoed back over one TLS connection during {@code seconds}. */
  private static double bulk(SSLContext context, int port, int seconds) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000); // a stalled server fails the run instead of hanging it
      socket.startHandshake();
      AtomicBoolean stop = new AtomicBoolean();
      CountDownLatch writerDone = new CountDownLatch(1);
      OutputStream out = socket.getOutputStream();
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    byte[] chunk = new byte[CHUNK];
                    try {
                      while (!stop.get()) {
                        out.write(chunk);
                      }
                    } catch (Exception e) {
                      // the socket closed at the end
                    } finally {
                      writerDone.countDown();
                    }
                  });
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[CHUNK];
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      long bytes = 0;
      while (System.nanoTime() < end) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        bytes += n;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      stop.set(true);
      socket.close();
      writer.join();
      return bytes / elapsed / 1e6;
    }
  }

  /** Full handshakes (sessions invalidated, no resumption) per second during {@code seconds}. */
  private static double handshakes(SSLContext context, int port, int seconds) throws Exception {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    int count = 0;
    while (System.nanoTime() < end) {
      try (SSLSocket socket =
          (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
        socket.setSoTimeout(30_000);
        socket.startHandshake();
        socket.getSession().invalidate();
      }
      count++;
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }
}
