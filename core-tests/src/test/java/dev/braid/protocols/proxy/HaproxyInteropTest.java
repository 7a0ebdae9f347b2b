package dev.braid.protocols.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HAProxy itself (Debian's {@code haproxy}, installed by {@code .ci/run}) in front of a {@code
 * haproxy:tcp:0} endpoint, with {@code send-proxy} (v1) and {@code send-proxy-v2}.
 */
@BraidTest(timeoutSeconds = 30)
class HaproxyInteropTest {
  private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

  @TempDir Path dir;
  private RealPeer haproxy;

  /** Echoes, and records each connection's peer address by the address HAProxy connected from. */
  private static final class Server {
    final Map<SocketAddress, Deferred<Throwable>> lost = new HashMap<>();
    final List<SocketAddress> peers = new java.util.ArrayList<>();

    Protocol build() {
      return new Protocol() {
        Transport transport;

        @Override
        public void connectionMade(Transport transport) {
          this.transport = transport;
          peers.add(transport.peerAddress());
          lost.put(transport.peerAddress(), new Deferred<>());
        }

        @Override
        public void dataReceived(ByteBuffer data) {
          transport.writeCopy(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
          lost.get(transport.peerAddress()).callback(reason);
        }
      };
    }
  }

  /**
   * Starts HAProxy with a front on {@code frontPort} relaying to {@code braidPort}, and a second
   * front on {@code readyPort} that rejects every connection: it answers the readiness probe
   * without opening a connection to Braid.
   */
  private void startHaproxy(
      Reactor reactor, int frontPort, int readyPort, int braidPort, String sendProxy)
      throws IOException {
    Path cfg = dir.resolve("haproxy.cfg");
    Files.writeString(
        cfg,
        String.join(
            "\n",
            "global",
            "  maxconn 64",
            "defaults",
            "  mode tcp",
            "  timeout connect 5s",
            "  timeout client 30s",
            "  timeout server 30s",
            "frontend front",
            "  bind 127.0.0.1:" + frontPort,
            "  default_backend braid",
            "frontend ready",
            "  bind 127.0.0.1:" + readyPort,
            "  tcp-request connection reject",
            "backend braid",
            "  server braid 127.0.0.1:" + braidPort + " " + sendProxy,
            ""));
    haproxy =
        RealPeer.command(HAPROXY.toString(), "-f", cfg.toString(), "-db")
            .debianPackage("haproxy")
            .start(reactor);
  }

  /** Connects to HAProxy's front until it accepts, on reactor timers; fires with the attempts. */
  private static Deferred<Integer> whenReady(Reactor reactor, int port, RealPeer haproxy) {
    Deferred<Integer> ready = new Deferred<>();
    int[] attempts = {0};
    Runnable[] attempt = new Runnable[1];
    attempt[0] =
        () -> {
          attempts[0]++;
          reactor
              .deferToThread(
                  () -> {
                    try (Socket s = new Socket()) {
                      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                      return true;
                    } catch (IOException e) {
                      return false;
                    }
                  })
              .addCallback(
                  ok -> {
                    if (ok) {
                      ready.callback(attempts[0]);
                    } else if (!haproxy.process().isAlive() || attempts[0] >= 200) {
                      ready.errback(
                          new AssertionError(
                              "haproxy did not start listening: " + haproxy.output()));
                    } else {
                      reactor.callLater(Duration.ofMillis(50), attempt[0]);
                    }
                    return null;
                  });
        };
    attempt[0].run();
    return ready;
  }

  @Test
  void haproxyWithSendProxyGivesTheClientsRealAddressAndTheDataPasses(ReactorTester t)
      throws Exception {
    throughHaproxy(t, "send-proxy");
  }

  @Test
  void haproxyWithSendProxyV2GivesTheClientsRealAddressAndTheDataPasses(ReactorTester t)
      throws Exception {
    throughHaproxy(t, "send-proxy-v2");
  }

  private void throughHaproxy(ReactorTester t, String sendProxy) throws Exception {
    Reactor reactor = t.reactor();
    Server server = new Server();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "haproxy:tcp:0:interface=127.0.0.1")
                .listen(peer -> server.build()));
    int braidPort = ((InetSocketAddress) port.address()).getPort();
    int frontPort = RealPeer.freePort();
    int readyPort = RealPeer.freePort();
    startHaproxy(reactor, frontPort, readyPort, braidPort, sendProxy);
    t.await(whenReady(reactor, readyPort, haproxy));

    record Seen(SocketAddress local, ByteString echoed) {}
    Seen seen =
        t.await(
            reactor.deferToThread(
                () -> {
                  try (Socket s = new Socket("127.0.0.1", frontPort)) {
                    s.getOutputStream().write("hello through haproxy".getBytes());
                    byte[] back = s.getInputStream().readNBytes(21);
                    return new Seen(s.getLocalSocketAddress(), ByteString.of(back));
                  }
                }));

    assertThat(seen.echoed().utf8()).isEqualTo("hello through haproxy");
    assertThat(server.peers).containsExactly(seen.local());
    for (SocketAddress peer : List.copyOf(server.peers)) {
      t.await(server.lost.get(peer));
    }
    t.await(port.stopListening());
  }
}
