package dev.braid.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.DatagramTransport;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Braid's authoritative server on real UDP and TCP sockets, asked by {@code dig} (Debian's
 * bind9-dnsutils): answers, NXDOMAIN, truncation and dig's own retry over TCP, {@code +tcp}, EDNS0
 * payload sizes, zone transfers signed with TSIG (a zone of a few thousand records, so a transfer
 * takes many messages written as dig reads them).
 */
@BraidTest
class DigTest {
  @TempDir Path dir;
  int udpPort;
  int tcpPort;
  DatagramTransport udp;
  ListeningPort tcp;

  @BeforeEach
  void serve(ReactorTester t) throws IOException {
    Reactor reactor = t.reactor();
    String zone = TestZones.EXAMPLE_ORG + "$GENERATE 1-3000 many$ IN A 203.0.113.1\n";
    Authority authority =
        new Authority(
            ZoneSet.of(
                List.of(ZoneSet.load("example.org", TestZones.write(dir, "example.org", zone)))),
            DnsLimits.defaults(),
            TransferPolicy.none().withKey("hmac-sha256:xfr-key:" + TransferTest.SECRET));
    udp =
        t.await(
            Endpoints.datagramServerFromString(reactor, "udp:0:interface=127.0.0.1")
                .listen(new DnsDatagramServer(authority)));
    udpPort = ((InetSocketAddress) udp.hostAddress()).getPort();
    tcp =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(DnsStreamServer.factory(authority, reactor)));
    tcpPort = ((InetSocketAddress) tcp.address()).getPort();
  }

  @AfterEach
  void stop(ReactorTester t) {
    t.await(udp.stopListening());
    t.await(tcp.stopListening());
  }

  private String dig(ReactorTester t, int port, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", "" + port));
    command.addAll(List.of("+tries=1", "+time=5"));
    command.addAll(List.of(args));
    RealPeer peer = RealPeer.start(t.reactor(), "bind9-dnsutils", command);
    assertThat(t.await(peer.exited())).as(peer.output()).isZero();
    return peer.output();
  }

  @Test
  void digGetsAnAuthoritativeAnswerOverUdp(ReactorTester t) throws IOException {
    String out = dig(t, udpPort, "www.example.org", "A");
    assertThat(out).contains("status: NOERROR").contains(" aa").contains("192.0.2.80");
    assertThat(out).contains("udp: 1232"); // the EDNS0 payload the server advertises
  }

  @Test
  void digGetsNxdomainWithTheSoa(ReactorTester t) throws IOException {
    String out = dig(t, udpPort, "nope.example.org", "A");
    assertThat(out).contains("status: NXDOMAIN").contains("AUTHORITY: 1").contains("SOA");
  }

  @Test
  void digOverTcpGetsTheSameAnswer(ReactorTester t) throws IOException {
    String out = dig(t, tcpPort, "+tcp", "mail.example.org", "AAAA");
    assertThat(out).contains("status: NOERROR").contains("2001:db8::25");
  }

  @Test
  void aTruncatedUdpAnswerIsSeenByDig(ReactorTester t) throws IOException {
    String out = dig(t, udpPort, "+noedns", "+ignore", "big.example.org", "TXT");
    assertThat(out).contains(" tc");
    String bigger = dig(t, udpPort, "+bufsize=4096", "big.example.org", "TXT");
    assertThat(bigger).doesNotContain(" tc").contains("end\"");
  }

  @Test
  void digGetsAReferralForADelegatedName(ReactorTester t) throws IOException {
    String out = dig(t, udpPort, "+norec", "host.sub.example.org", "A");
    assertThat(out)
        .contains("status: NOERROR")
        .contains("AUTHORITY: 1")
        .contains("ns.sub.example.org");
    assertThat(out).contains("192.0.2.54").doesNotContain(" aa");
  }

  @Test
  void digTransfersTheZoneWithTheKeyAndIsRefusedWithout(ReactorTester t) throws IOException {
    String out =
        dig(t, tcpPort, "-y", "hmac-sha256:xfr-key:" + TransferTest.SECRET, "example.org", "AXFR");
    assertThat(out)
        .contains("many2999.example.org.")
        .contains("XFR size: 3025 records (messages 7");
    assertThat(out).doesNotContain("failed").doesNotContain("tsig verify");
    String refused = dig(t, tcpPort, "example.org", "AXFR");
    assertThat(refused).contains("Transfer failed").doesNotContain("many1.");
  }

  @Test
  void digWithTheWrongSecretGetsNotauth(ReactorTester t) throws IOException {
    String wrong = java.util.Base64.getEncoder().encodeToString("not the secret!!".getBytes());
    String out = dig(t, udpPort, "-y", "hmac-sha256:xfr-key:" + wrong, "www.example.org", "A");
    assertThat(out).contains("NOTAUTH").doesNotContain("192.0.2.80");
  }

  @Test
  void digIxfrFromAnUpToDateSerialGetsTheSoa(ReactorTester t) throws IOException {
    String out =
        dig(
            t,
            tcpPort,
            "-y",
            "hmac-sha256:xfr-key:" + TransferTest.SECRET,
            "example.org",
            "IXFR=2026120701");
    assertThat(out).contains("SOA").contains("2026120701").doesNotContain("many1.");
  }
}
