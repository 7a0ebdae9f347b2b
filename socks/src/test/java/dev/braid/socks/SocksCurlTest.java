package dev.braid.socks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.defer.Deferred;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.SystemResolver;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import dev.braid.testing.RealPeer.Result;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SOCKS server on a real reactor, used by curl (a client no one here wrote). */
@BraidTest
class SocksCurlTest {
  private static final String BODY = "hello through socks\n";

  private final List<Deferred<Void>> ends = new ArrayList<>();

  /** Serves a fixed HTTP response to each request, then closes. */
  private final class HttpResponder implements Protocol {
    private final Deferred<Void> lost = new Deferred<>();
    private Transport transport;
    private final StringBuilder request = new StringBuilder();

    HttpResponder() {
      ends.add(lost);
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      request.append(StandardCharsets.ISO_8859_1.decode(data));
      if (request.indexOf("\r\n\r\n") >= 0 && !transport.disconnecting()) {
        transport.write(
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + BODY.length()
                + "\r\nConnection: close\r\n\r\n"
                + BODY);
        transport.loseConnection();
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(null);
    }
  }

  /** Passes every event to a SOCKS server and reports its end. */
  private final class Tracked implements HalfCloseableProtocol {
    private final SocksServer inner;
    private final Deferred<Void> lost = new Deferred<>();

    Tracked(SocksServer inner) {
      this.inner = inner;
      ends.add(lost);
    }

    @Override
    public void connectionMade(Transport transport) {
      inner.connectionMade(transport);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      inner.dataReceived(data);
    }

    @Override
    public void readConnectionLost() {
      inner.readConnectionLost();
    }

    @Override
    public void writeConnectionLost() {
      inner.writeConnectionLost();
    }

    @Override
    public void connectionLost(Throwable reason) {
      inner.connectionLost(reason);
      lost.callback(null);
    }
  }

  private static int port(ListeningPort listening) {
    return ((InetSocketAddress) listening.address()).getPort();
  }

  private ListeningPort listen(Reactor reactor, SocksConfig config) throws Exception {
    return reactor.listenTcp(
        0,
        peer ->
            new Tracked(
                new SocksServer(
                    reactor,
                    SystemResolver.create(reactor),
                    Dialer.tcp(reactor, config.connectTimeout()),
                    config)),
        TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  /** Runs curl with {@code args}: what it printed and how it exited. */
  private static Result curl(ReactorTester t, String... args) {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
    command.addAll(List.of(args));
    return t.await(RealPeer.command(command).run(t.reactor(), Duration.ofSeconds(90)));
  }

  /** A loopback listener that answers each HTTP request with {@link #BODY}. */
  private ListeningPort httpServer(Reactor reactor) throws Exception {
    return reactor.listenTcp(
        0, peer -> new HttpResponder(), TcpListenOptions.defaults().withInterface("127.0.0.1"));
  }

  private void awaitEnds(ReactorTester t, ListeningPort... ports) {
    for (Deferred<Void> end : ends) {
      t.await(end);
    }
    for (ListeningPort p : ports) {
      t.await(p.stopListening());
    }
  }

  @Test
  void curlFetchesAPageThroughSocks5Socks5HostnameAndSocks4a(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    ListeningPort http = httpServer(reactor);
    ListeningPort socks = listen(reactor, SocksConfig.defaults().withAllowPrivate(true));
    String proxy = "127.0.0.1:" + port(socks);
    String url = "http://127.0.0.1:" + port(http) + "/";
    String byName = "http://localhost:" + port(http) + "/";
    for (String[] args :
        new String[][] {
          {"--socks5", proxy, url},
          {"--socks5-hostname", proxy, byName},
          {"--socks4", proxy, url},
          {"--socks4a", proxy, byName},
        }) {
      Result run = curl(t, args);
      assertThat(run.exit()).as(String.join(" ", args) + ": " + run.out()).isZero();
      assertThat(run.out()).isEqualTo(BODY);
    }
    awaitEnds(t, http, socks);
  }

  @Test
  void curlLogsInWithAUserAndPasswordAndAWrongPasswordIsRefused(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    ListeningPort http = httpServer(reactor);
    Portal portal =
        Portal.create(Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret"))));
    ListeningPort socks =
        listen(reactor, SocksConfig.defaults().withAllowPrivate(true).withPortal(portal));
    String url = "http://localhost:" + port(http) + "/";
    Result good = curl(t, "--proxy", "socks5h://alice:secret@127.0.0.1:" + port(socks), url);
    assertThat(good.exit()).as(good.out()).isZero();
    assertThat(good.out()).isEqualTo(BODY);
    Result withProxyUser =
        curl(t, "--socks5", "127.0.0.1:" + port(socks), "--proxy-user", "alice:secret", url);
    assertThat(withProxyUser.out()).isEqualTo(BODY);
    Result bad = curl(t, "--proxy", "socks5h://alice:wrong@127.0.0.1:" + port(socks), url);
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.out()).doesNotContain(BODY).containsIgnoringCase("rejected");
    Result none = curl(t, "--socks5", "127.0.0.1:" + port(socks), url);
    assertThat(none.exit()).isNotZero();
    Result socks4 = curl(t, "--socks4a", "127.0.0.1:" + port(socks), url);
    assertThat(socks4.exit()).isNotZero();
    awaitEnds(t, http, socks);
  }

  @Test
  void withoutAllowPrivateALoopbackTargetIsRefused(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    ListeningPort http = httpServer(reactor);
    ListeningPort socks = listen(reactor, SocksConfig.defaults());
    String proxy = "127.0.0.1:" + port(socks);
    Result byAddress = curl(t, "--socks5", proxy, "http://127.0.0.1:" + port(http) + "/");
    assertThat(byAddress.exit()).as(byAddress.out()).isNotZero();
    assertThat(byAddress.out()).doesNotContain(BODY).containsPattern("\\(2\\)|not allowed");
    Result byName = curl(t, "--socks5-hostname", proxy, "http://localhost:" + port(http) + "/");
    assertThat(byName.exit()).as(byName.out()).isNotZero();
    assertThat(byName.out()).doesNotContain(BODY).containsPattern("\\(2\\)|not allowed");
    awaitEnds(t, http, socks);
  }

  @Test
  void aRefusedConnectionIsReportedToCurl(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    ListeningPort closed = httpServer(reactor);
    int deadPort = port(closed);
    t.await(closed.stopListening());
    ListeningPort socks = listen(reactor, SocksConfig.defaults().withAllowPrivate(true));
    Result run =
        curl(t, "--socks5", "127.0.0.1:" + port(socks), "http://127.0.0.1:" + deadPort + "/");
    assertThat(run.exit()).isNotZero();
    // curl 7.x prints the reply code, later versions its name.
    assertThat(run.out()).containsPattern("\\(5\\)|[Rr]efused");
    awaitEnds(t, socks);
  }
}
