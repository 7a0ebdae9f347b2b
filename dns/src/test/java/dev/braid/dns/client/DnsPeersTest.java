package dev.braid.dns.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.dns.AddressBlock;
import dev.braid.dns.Authority;
import dev.braid.dns.DnsDatagramServer;
import dev.braid.dns.DnsLimits;
import dev.braid.dns.DnsStreamServer;
import dev.braid.dns.TransferPolicy;
import dev.braid.dns.ZoneSet;
import dev.braid.net.DatagramTransport;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Resolver;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * The DNS client and resolver on real sockets: against Braid's own authoritative server (the
 * resolver installed on a reactor connects by name; a truncated answer is asked again over TCP),
 * and with Twisted names (Debian's python3-twisted) as a secondary that transfers a zone from Braid
 * by AXFR and is then asked by Braid's client.
 */
@BraidTest
class DnsPeersTest {
  static final String ZONE =
      """
      $ORIGIN example.test.
      $TTL 300
      @    IN SOA ns hostmaster ( 7 3600 600 86400 300 )
           IN NS  ns
      ns   IN A   127.0.0.1
      www  IN A   127.0.0.1
      $GENERATE 1-200 many IN A 198.51.100.$
      $GENERATE 1-500 host$ IN A 203.0.113.1
      """;

  @TempDir Path dir;
  final List<DatagramTransport> udp = new ArrayList<>();
  final List<ListeningPort> tcp = new ArrayList<>();
  final Deferred<Void> transferDone = new Deferred<>();
  Resolver previous;

  @AfterEach
  void stop(ReactorTester t) {
    if (previous != null) {
      t.reactor().installResolver(previous);
    }
    udp.forEach(u -> t.await(u.stopListening()));
    tcp.forEach(p -> t.await(p.stopListening()));
  }

  /** Braid's server for the test zone on UDP and TCP on one port of 127.0.0.1; its port. */
  int serve(ReactorTester t, TransferPolicy policy) throws IOException {
    Reactor reactor = t.reactor();
    Path file = dir.resolve("example.test");
    Files.writeString(file, ZONE);
    Zone zone = ZoneSet.load("example.test", file);
    Authority authority = new Authority(ZoneSet.of(List.of(zone)), DnsLimits.defaults(), policy);
    ProtocolFactory streams = watched(DnsStreamServer.factory(authority, reactor));
    for (int tries = 0; ; tries++) {
      DatagramTransport u =
          t.await(
              Endpoints.datagramServerFromString(reactor, "udp:0:interface=127.0.0.1")
                  .listen(new DnsDatagramServer(authority)));
      int port = u.hostAddress().getPort();
      Deferred<ListeningPort> listening =
          Endpoints.serverFromString(reactor, "tcp:" + port + ":interface=127.0.0.1")
              .listen(streams);
      try {
        tcp.add(t.await(listening));
        udp.add(u);
        return port;
      } catch (Exception busy) {
        t.await(u.stopListening());
        if (tries == 5) {
          throw new IOException("no port free for both UDP and TCP", busy);
        }
      }
    }
  }

  /**
   * {@code factory}, with {@link #transferDone} fired when a connection that was sent a transfer
   * closes.
   */
  ProtocolFactory watched(ProtocolFactory factory) {
    return peer -> {
      Protocol inner = factory.buildProtocol(peer);
      return new Protocol() {
        @Override
        public void connectionMade(Transport t) {
          inner.connectionMade(t);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
          inner.dataReceived(data);
        }

        @Override
        public void connectionLost(Throwable reason) {
          inner.connectionLost(reason);
          if (!transferDone.called()) {
            transferDone.callback(null);
          }
        }
      };
    };
  }

  static InetSocketAddress local(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @Test
  void theResolverInstalledOnAReactorConnectsByName(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    int dns = serve(t, TransferPolicy.none());
    ListeningPort echo =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    tcp.add(echo);
    int echoPort = ((InetSocketAddress) echo.address()).getPort();
    previous =
        reactor.installResolver(
            DnsResolver.create(reactor, ResolverOptions.of(List.of(local(dns)))));
    Deferred<String> reply = new Deferred<>();
    Deferred<Void> closed = new Deferred<>();
    Protocol client =
        new Protocol() {
          Transport transport;

          @Override
          public void connectionMade(Transport transport) {
            this.transport = transport;
            transport.write(ByteBuffer.wrap("hello by name\n".getBytes()));
          }

          @Override
          public void dataReceived(ByteBuffer data) {
            if (!reply.called()) {
              reply.callback(ByteString.copyOf(data).utf8());
              transport.loseConnection();
            }
          }

          @Override
          public void connectionLost(Throwable reason) {
            closed.callback(null);
          }
        };
    t.await(
        Endpoints.clientFromString(reactor, "tcp:host=www.example.test:port=" + echoPort)
            .connectProtocol(client));
    assertThat(t.await(reply)).isEqualTo("hello by name\n");
    t.await(closed);
  }

  @Test
  void aTruncatedAnswerIsAskedAgainOverTcp(ReactorTester t) throws IOException {
    int dns = serve(t, TransferPolicy.none());
    DnsResolver resolver = DnsResolver.create(t.reactor(), ResolverOptions.of(List.of(local(dns))));
    List<InetAddress> many = t.await(resolver.resolve("many.example.test"));
    assertThat(many).hasSize(200).contains(InetAddress.ofLiteral("198.51.100.200"));
    Throwable missing = t.awaitFailure(resolver.resolve("nope.example.test"));
    assertThat(missing).isInstanceOf(java.net.UnknownHostException.class);
  }

  @Test
  void twistedNamesTransfersAZoneFromBraidAndBraidsClientAsksIt(ReactorTester t)
      throws IOException {
    int primary = serve(t, TransferPolicy.none().withAllowFrom(AddressBlock.parse("127.0.0.1")));
    int secondary = RealPeer.freePort();
    RealPeer twisted =
        RealPeer.start(
            t.reactor(),
            "python3-twisted",
            List.of(
                "/usr/bin/python3",
                "-m",
                "twisted",
                "dns",
                "--secondary",
                "127.0.0.1:" + primary + "/example.test",
                "--port",
                "" + secondary,
                "--interface",
                "127.0.0.1"));
    t.await(transferDone); // Twisted stores the zone before it closes the transfer connection
    DnsClient client = DnsClient.create(t.reactor(), ResolverOptions.of(List.of(local(secondary))));
    Message answer = t.await(client.query(Name.fromString("host250.example.test."), Type.A));
    assertThat(answer.getRcode()).as(twisted.output()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            ARecord.class,
            a -> assertThat(a.getAddress().getHostAddress()).isEqualTo("203.0.113.1"));
    assertThat(twisted.output()).doesNotContain("failed");
  }
}
