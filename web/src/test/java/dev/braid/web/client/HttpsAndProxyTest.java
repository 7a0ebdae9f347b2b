package dev.braid.web.client;

import static dev.braid.web.client.ScriptedServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ReactorTcp.TcpListenOptions;
import dev.braid.net.Transport;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.Tls;
import dev.braid.net.tls.TlsOptions;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.web.http.HttpHeaders;
import dev.braid.web.http1.MessageEnd;
import dev.braid.web.http1.RequestHead;
import dev.braid.web.http1.RequestParser;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a Braid TLS server, and both kinds of proxying. */
@BraidTest
class HttpsAndProxyTest {
  @TempDir static Path dir;
  static CertificateKey key;

  @BeforeAll
  static void certificate() throws Exception {
    key = DevCertificates.localhost(dir);
  }

  private static ScriptedServer tlsServer(Reactor reactor) throws Exception {
    TlsOptions server = TlsOptions.server(key).build();
    return ScriptedServer.start(
        reactor,
        e -> ok("secret " + e.head().target()),
        f -> Tls.serverFactory(reactor, server, f));
  }

  private static PoolingAgent.Builder trusting(Reactor reactor) {
    return Agent.builder(reactor).tls(TlsOptions.client().trustRoots(List.of(key.leaf())).build());
  }

  @Test
  void httpsRequestIsVerifiedAndAnswered(ReactorTester t) throws Exception {
    var server = tlsServer(t.reactor());
    PoolingAgent agent = trusting(t.reactor()).build();
    URI uri = URI.create("https://127.0.0.1:" + server.port() + "/s");
    Response response = t.await(agent.request("GET", uri));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("secret /s");
    Response again = t.await(agent.request("GET", uri));
    assertThat(t.await(again.readBody(100)).utf8()).isEqualTo("secret /s");
    assertThat(server.connections).isEqualTo(1);
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void httpsToAnUntrustedCertificateFails(ReactorTester t) throws Exception {
    var server = tlsServer(t.reactor());
    PoolingAgent agent = Agent.builder(t.reactor()).build();
    Throwable error =
        t.awaitFailure(
            agent.request("GET", URI.create("https://127.0.0.1:" + server.port() + "/")));
    assertThat(error).hasStackTraceContaining("SSLHandshakeException");
    t.await(agent.close());
    server.stop(t);
  }

  @Test
  void plainHttpThroughAProxyUsesTheAbsoluteForm(ReactorTester t) throws Exception {
    var proxy = ScriptedServer.start(t.reactor(), e -> ok("via proxy"));
    PoolingAgent agent =
        Agent.builder(t.reactor())
            .proxy(proxy.uri(""), HttpHeaders.of("Proxy-Authorization", "Basic cHJveHk="))
            .build();
    Response response = t.await(agent.request("GET", URI.create("http://origin.test:8081/p?q=1")));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("via proxy");
    RequestHead seen = proxy.exchanges.getFirst().head();
    assertThat(seen.target()).isEqualTo("http://origin.test:8081/p?q=1");
    assertThat(seen.headers().get("Host")).contains("origin.test:8081");
    assertThat(seen.headers().get("Proxy-Authorization")).contains("Basic cHJveHk=");
    t.await(agent.close());
    proxy.stop(t);
  }

  @Test
  void httpsThroughAProxyTunnelsWithConnect(ReactorTester t) throws Exception {
    var server = tlsServer(t.reactor());
    TunnelProxy proxy = TunnelProxy.start(t.reactor());
    PoolingAgent agent =
        trusting(t.reactor())
            .proxy(URI.create("http://127.0.0.1:" + proxy.port()), HttpHeaders.empty())
            .build();
    URI uri = URI.create("https://127.0.0.1:" + server.port() + "/tunnelled");
    Response response = t.await(agent.request("GET", uri));
    assertThat(t.await(response.readBody(100)).utf8()).isEqualTo("secret /tunnelled");
    assertThat(proxy.targets).containsExactly("127.0.0.1:" + server.port());
    t.await(agent.close());
    server.stop(t);
    proxy.stop(t);
  }

  @Test
  void aProxyRefusingConnectFailsTheRequest(ReactorTester t) throws Exception {
    var proxy =
        ScriptedServer.start(
            t.reactor(), e -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
    PoolingAgent agent =
        Agent.builder(t.reactor()).proxy(proxy.uri(""), HttpHeaders.empty()).build();
    assertThat(t.awaitFailure(agent.request("GET", URI.create("https://origin.test/"))))
        .isInstanceOf(ProxyConnectException.class)
        .hasMessageContaining("403");
    t.await(agent.close());
    proxy.stop(t);
  }

  /** A CONNECT-only proxy: reads the CONNECT head, connects to the target, then pipes bytes. */
  static final class TunnelProxy {
    final List<String> targets = new ArrayList<>();
    final List<Transport> transports = new ArrayList<>();
    final List<Deferred<Void>> lost = new ArrayList<>();
    ListeningPort port;

    static TunnelProxy start(Reactor reactor) throws Exception {
      TunnelProxy proxy = new TunnelProxy();
      proxy.port =
          reactor.listenTcp(
              0, proxy.factory(reactor), TcpListenOptions.defaults().withInterface("127.0.0.1"));
      return proxy;
    }

    int port() {
      return ((InetSocketAddress) port.address()).getPort();
    }

    private Protocol tracked(Protocol inner) {
      Deferred<Void> done = new Deferred<>();
      lost.add(done);
      return new Protocol() {
        @Override
        public void connectionMade(Transport transport) {
          transports.add(transport);
          inner.connectionMade(transport);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
          inner.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
          inner.connectionLost(reason);
          done.callback(null);
        }
      };
    }

    private ProtocolFactory factory(Reactor reactor) {
      return peer ->
          tracked(
              new Protocol() {
                final RequestParser parser = new RequestParser();
                Transport client;
                Transport upstream;
                String target;

                @Override
                public void connectionMade(Transport transport) {
                  client = transport;
                }

                @Override
                public void dataReceived(ByteBuffer data) {
                  if (upstream != null) {
                    upstream.writeCopy(data);
                    return;
                  }
                  try {
                    parser.feed(
                        data,
                        event -> {
                          if (event instanceof RequestHead head) {
                            target = head.target();
                          } else if (event instanceof MessageEnd) {
                            parser.pause();
                          }
                        });
                  } catch (Exception e) {
                    client.abortConnection();
                    return;
                  }
                  if (target == null) {
                    return;
                  }
                  targets.add(target);
                  int colon = target.lastIndexOf(':');
                  Protocol me = this;
                  reactor.connectTcp(
                      target.substring(0, colon),
                      Integer.parseInt(target.substring(colon + 1)),
                      new dev.braid.net.ClientFactory() {
                        @Override
                        public Protocol buildProtocol(SocketAddress address) {
                          return tracked(
                              new Protocol() {
                                @Override
                                public void connectionMade(Transport transport) {
                                  upstream = transport;
                                  client.write("HTTP/1.1 200 Connection established\r\n\r\n");
                                }

                                @Override
                                public void dataReceived(ByteBuffer data) {
                                  client.writeCopy(data);
                                }

                                @Override
                                public void connectionLost(Throwable reason) {
                                  client.loseConnection();
                                }
                              });
                        }
                      });
                }

                @Override
                public void connectionLost(Throwable reason) {
                  if (upstream != null) {
                    upstream.loseConnection();
                  }
                }
              });
    }

    void stop(ReactorTester t) {
      t.await(port.stopListening());
      for (Transport transport : transports) {
        transport.abortConnection();
      }
      t.await(Deferred.gather(lost));
    }
  }
}
