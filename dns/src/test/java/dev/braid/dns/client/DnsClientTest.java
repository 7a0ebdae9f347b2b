package dev.braid.dns.client;

import static dev.braid.dns.client.Wire.SERVER_1;
import static dev.braid.dns.client.Wire.SERVER_2;
import static dev.braid.dns.client.Wire.deliver;
import static dev.braid.dns.client.Wire.latest;
import static dev.braid.dns.client.Wire.name;
import static dev.braid.dns.client.Wire.query;
import static dev.braid.dns.client.Wire.response;
import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.FakeDatagramTransport;
import dev.braid.testing.MemoryReactor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * {@link DnsClient} on a memory reactor and the fake clock: what a query looks like on the wire,
 * which answers count (and which are dropped as possible spoofs), timeouts and the turn to the next
 * server, SERVFAIL, cancelling.
 */
class DnsClientTest {
  final MemoryReactor reactor = new MemoryReactor();
  final ResolverOptions options =
      ResolverOptions.of(List.of(SERVER_1, SERVER_2)).withTimeout(Duration.ofSeconds(2));
  final DnsClient client = DnsClient.create(reactor, options);

  static Record a(String name, String address) {
    return new ARecord(name(name), DClass.IN, 300, InetAddress.ofLiteral(address));
  }

  @Test
  void aQueryAsksTheFirstServerWithRdAndEdns() {
    Deferred<Message> answer = client.query(name("www.example.org."), Type.A);
    FakeDatagramTransport socket = latest(reactor);
    assertThat(socket.sent().getLast().to()).isEqualTo(SERVER_1);
    Message q = query(socket);
    assertThat(q.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(q.getOPT()).isNotNull();
    assertThat(q.getQuestion().getName()).isEqualTo(name("www.example.org."));
    deliver(socket, response(q, Rcode.NOERROR, a("www.example.org.", "192.0.2.80")), SERVER_1);
    assertThat(answer.called()).isTrue();
    assertThat(successResultOf(answer).getSection(Section.ANSWER)).hasSize(1);
    assertThat(socket.stopped()).isTrue();
  }

  @Test
  void answersFromElsewhereWithAnotherIdOrQuestionAreDropped() {
    Deferred<Message> answer = client.query(name("www.example.org."), Type.A);
    FakeDatagramTransport socket = latest(reactor);
    Message q = query(socket);
    Message good = response(q, Rcode.NOERROR, a("www.example.org.", "192.0.2.80"));
    deliver(socket, good, SERVER_2); // another server
    deliver(socket, good, new InetSocketAddress(SERVER_1.getAddress(), 5353)); // another port
    Message otherId = response(q, Rcode.NOERROR, a("www.example.org.", "6.6.6.6"));
    otherId.getHeader().setID((q.getHeader().getID() + 1) & 0xffff);
    deliver(socket, otherId, SERVER_1);
    Message otherQuestion = new Message(q.getHeader().getID());
    otherQuestion.getHeader().setFlag(Flags.QR);
    otherQuestion.addRecord(
        Record.newRecord(name("evil.example."), Type.A, DClass.IN), Section.QUESTION);
    deliver(socket, otherQuestion, SERVER_1);
    Message notAResponse = response(q, Rcode.NOERROR);
    notAResponse.getHeader().unsetFlag(Flags.QR);
    deliver(socket, notAResponse, SERVER_1);
    assertNoResult(answer);
    deliver(socket, good, SERVER_1);
    assertThat(successResultOf(answer).getSection(Section.ANSWER).getFirst().rdataToString())
        .isEqualTo("192.0.2.80");
  }

  @Test
  void eachTryHasItsOwnSocketAndIdAndTheServersAreAskedInTurn() {
    Deferred<Message> answer = client.query(name("www.example.org."), Type.A);
    FakeDatagramTransport first = latest(reactor);
    reactor.clock().advance(Duration.ofSeconds(2));
    FakeDatagramTransport second = latest(reactor);
    assertThat(second).isNotSameAs(first);
    assertThat(first.stopped()).isTrue();
    assertThat(second.sent().getLast().to()).isEqualTo(SERVER_2);
    assertThat(query(second).getHeader().getID()).isNotEqualTo(query(first).getHeader().getID());
    reactor.clock().advance(Duration.ofSeconds(2));
    assertThat(latest(reactor).sent().getLast().to()).isEqualTo(SERVER_1);
    reactor.clock().advance(Duration.ofSeconds(2));
    reactor.clock().advance(Duration.ofSeconds(2));
    DnsTimeoutException timeout = failureResultOf(answer, DnsTimeoutException.class);
    assertThat(timeout).hasMessageContaining("www.example.org. A").hasMessageContaining("4 tries");
    assertThat(reactor.udpServers()).hasSize(4).allMatch(s -> s.transport().stopped());
    assertThat(reactor.clock().pendingCalls()).isEmpty();
  }

  @Test
  void servfailTurnsToTheNextServerAndIsTheAnswerWhenAllFail() {
    Deferred<Message> answer = client.query(name("www.example.org."), Type.A);
    deliver(latest(reactor), response(query(latest(reactor)), Rcode.SERVFAIL), SERVER_1);
    assertNoResult(answer);
    FakeDatagramTransport second = latest(reactor);
    assertThat(second.sent().getLast().to()).isEqualTo(SERVER_2);
    deliver(second, response(query(second), Rcode.NXDOMAIN), SERVER_2);
    assertThat(successResultOf(answer).getRcode()).isEqualTo(Rcode.NXDOMAIN);

    Deferred<Message> failing = client.query(name("down.example.org."), Type.A);
    for (int i = 0; i < 4; i++) {
      FakeDatagramTransport s = latest(reactor);
      deliver(s, response(query(s), Rcode.REFUSED), (InetSocketAddress) s.sent().getLast().to());
    }
    assertThat(successResultOf(failing).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void cancellingClosesTheSocketAndStopsTheTimer() {
    Deferred<Message> answer = client.query(name("www.example.org."), Type.A);
    answer.cancel();
    assertThat(latest(reactor).stopped()).isTrue();
    assertThat(reactor.clock().pendingCalls()).isEmpty();
    failureResultOf(answer, java.util.concurrent.CancellationException.class);
  }

  @Test
  void aRelativeNameIsRefused() {
    Deferred<Message> answer = client.query(name("www"), Type.A);
    failureResultOf(answer, IllegalArgumentException.class);
  }

  @Test
  void resolvConfGivesServersTimeoutAndAttempts(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("resolv.conf");
    java.nio.file.Files.writeString(
        file,
        """
        # a comment
        search example.org
        nameserver 192.0.2.1
        nameserver fe80::1%eth0
        nameserver not-an-address
        nameserver 192.0.2.3
        nameserver 192.0.2.4
        options ndots:2 timeout:3 attempts:9
        """);
    ResolverOptions read = ResolverOptions.fromResolvConf(file);
    assertThat(read.servers())
        .containsExactly(
            Wire.server("192.0.2.1"), Wire.server("fe80::1"), Wire.server("192.0.2.3"));
    assertThat(read.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(read.attempts()).isEqualTo(5); // capped as the system's resolver caps it
    assertThat(ResolverOptions.fromResolvConf(dir.resolve("missing")).servers())
        .containsExactly(Wire.server("127.0.0.1"));
  }
}
