package dev.braid.dns.client;

import static dev.braid.dns.client.Wire.SERVER_1;
import static dev.braid.dns.client.Wire.deliver;
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
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * {@link DnsResolver} on a memory reactor: A and AAAA asked at once, CNAMEs followed, answers kept
 * for their TTL (capped), negative answers for the SOA's negative TTL, lookups under way shared,
 * the cache bounded.
 */
class DnsResolverTest {
  final MemoryReactor reactor = new MemoryReactor();
  int answered;

  DnsResolver resolver(ResolverOptions options) {
    return DnsResolver.create(reactor, options);
  }

  DnsResolver resolver() {
    return resolver(ResolverOptions.of(List.of(SERVER_1)));
  }

  /** The sockets of the queries not yet answered. */
  List<FakeDatagramTransport> open() {
    List<FakeDatagramTransport> out = new ArrayList<>();
    for (MemoryReactor.UdpServer s : reactor.udpServers()) {
      if (!s.transport().stopped()) {
        out.add(s.transport());
      }
    }
    return out;
  }

  /** Answers every open query: A and AAAA from the given records, by question type. */
  void answerAll(Record... records) {
    for (FakeDatagramTransport socket : open()) {
      Message q = query(socket);
      List<Record> matching = new ArrayList<>();
      List<Record> soa = new ArrayList<>();
      for (Record r : records) {
        if (r instanceof SOARecord) {
          soa.add(r);
        } else if (r.getType() == q.getQuestion().getType() || r instanceof CNAMERecord) {
          matching.add(r);
        }
      }
      int rcode = matching.isEmpty() && records.length == 1 && !soa.isEmpty() ? Rcode.NXDOMAIN : 0;
      if (matching.isEmpty()) {
        matching.addAll(soa);
      }
      deliver(socket, response(q, rcode, matching.toArray(Record[]::new)), SERVER_1);
      answered++;
    }
  }

  static Record a(String name, int ttl, String address) {
    return new ARecord(name(name), DClass.IN, ttl, InetAddress.ofLiteral(address));
  }

  static Record aaaa(String name, int ttl, String address) {
    return new AAAARecord(name(name), DClass.IN, ttl, InetAddress.ofLiteral(address));
  }

  static Record soa(int ttl, int minimum) {
    return new SOARecord(
        name("example.org."),
        DClass.IN,
        ttl,
        name("ns.example.org."),
        name("hostmaster.example.org."),
        1,
        3600,
        600,
        86400,
        minimum);
  }

  @Test
  void aNameIsAskedForAAndAaaaAtOnceIpv4First() {
    Deferred<List<InetAddress>> found = resolver().resolve("www.example.org");
    assertThat(open()).hasSize(2);
    assertThat(open().stream().map(s -> query(s).getQuestion().getType()))
        .containsExactlyInAnyOrder(Type.A, Type.AAAA);
    answerAll(
        aaaa("www.example.org.", 300, "2001:db8::80"), a("www.example.org.", 300, "192.0.2.80"));
    assertThat(successResultOf(found))
        .containsExactly(
            InetAddress.ofLiteral("192.0.2.80"), InetAddress.ofLiteral("2001:db8::80"));
  }

  @Test
  void aCnameChainIsFollowedInTheAnswer() {
    Deferred<List<InetAddress>> found = resolver().resolve("alias.example.org");
    answerAll(
        new CNAMERecord(name("alias.example.org."), DClass.IN, 300, name("www.example.org.")),
        a("www.example.org.", 300, "192.0.2.80"));
    assertThat(successResultOf(found)).containsExactly(InetAddress.ofLiteral("192.0.2.80"));
  }

  @Test
  void answersAreKeptForTheirTtlThenAskedAgain() {
    DnsResolver resolver = resolver();
    Deferred<List<InetAddress>> first = resolver.resolve("www.example.org");
    answerAll(a("www.example.org.", 60, "192.0.2.80"), soa(3600, 300)); // no AAAA: NODATA
    assertThat(successResultOf(first)).hasSize(1);
    int sockets = reactor.udpServers().size();
    reactor.clock().advance(Duration.ofSeconds(59));
    Deferred<List<InetAddress>> cached = resolver.resolve("WWW.Example.Org.");
    assertThat(successResultOf(cached)).containsExactly(InetAddress.ofLiteral("192.0.2.80"));
    assertThat(reactor.udpServers()).hasSize(sockets); // nothing sent
    reactor.clock().advance(Duration.ofSeconds(2));
    Deferred<List<InetAddress>> again = resolver.resolve("www.example.org");
    assertNoResult(again);
    assertThat(open()).hasSize(1); // the A answer expired; the AAAA NODATA is kept for 300 s
  }

  @Test
  void aTtlAboveTheCapIsKeptOnlyForTheCap() {
    DnsResolver resolver =
        resolver(
            ResolverOptions.of(List.of(SERVER_1))
                .withTtlCaps(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    successResultOf(answered(resolver, a("www.example.org.", 86_400, "192.0.2.80")));
    reactor.clock().advance(Duration.ofSeconds(31));
    assertNoResult(resolver.resolve("www.example.org"));
    assertThat(open()).hasSize(2);
  }

  private Deferred<List<InetAddress>> answered(DnsResolver resolver, Record... records) {
    Deferred<List<InetAddress>> d = resolver.resolve("www.example.org");
    answerAll(records);
    return d;
  }

  @Test
  void noSuchNameFailsAndIsKeptForTheSoaNegativeTtl() {
    DnsResolver resolver = resolver();
    Deferred<List<InetAddress>> missing = resolver.resolve("nope.example.org");
    answerAll(soa(3600, 120));
    UnknownHostException e = failureResultOf(missing, UnknownHostException.class);
    assertThat(e).hasMessageContaining("nope.example.org").hasMessageContaining("no addresses");
    int sockets = reactor.udpServers().size();
    reactor.clock().advance(Duration.ofSeconds(119));
    failureResultOf(resolver.resolve("nope.example.org"), UnknownHostException.class);
    assertThat(reactor.udpServers()).hasSize(sockets);
    reactor.clock().advance(Duration.ofSeconds(2));
    assertNoResult(resolver.resolve("nope.example.org"));
  }

  @Test
  void lookupsOfANameUnderWayShareOneQuery() {
    DnsResolver resolver = resolver();
    Deferred<List<InetAddress>> one = resolver.resolve("www.example.org");
    Deferred<List<InetAddress>> two = resolver.resolve("www.example.org");
    assertThat(open()).hasSize(2); // one A and one AAAA, not two of each
    answerAll(a("www.example.org.", 300, "192.0.2.80"));
    assertThat(successResultOf(one)).isEqualTo(successResultOf(two));
  }

  @Test
  void aServerFailureIsNotKept() {
    DnsResolver resolver = resolver();
    Deferred<List<InetAddress>> failed = resolver.resolve("www.example.org");
    for (FakeDatagramTransport socket : open()) {
      deliver(socket, response(query(socket), Rcode.SERVFAIL), SERVER_1);
    }
    for (FakeDatagramTransport socket : open()) { // the second attempt, same server
      deliver(socket, response(query(socket), Rcode.SERVFAIL), SERVER_1);
    }
    assertThat(failureResultOf(failed, UnknownHostException.class))
        .hasMessageContaining("SERVFAIL");
    assertThat(resolver.cacheSize()).isZero();
    assertNoResult(resolver.resolve("www.example.org"));
  }

  @Test
  void theCacheKeepsAtMostItsLimitDroppingTheLeastRecentlyUsed() {
    DnsResolver resolver = resolver(ResolverOptions.of(List.of(SERVER_1)).withMaxCacheEntries(4));
    for (int i = 0; i < 10; i++) {
      String host = "h" + i + ".example.org";
      Deferred<List<InetAddress>> d = resolver.resolve(host);
      answerAll(a(host + ".", 300, "192.0.2." + (i + 1)));
      successResultOf(d);
      assertThat(resolver.cacheSize()).isLessThanOrEqualTo(4);
    }
  }

  @Test
  void aMalformedNameFailsAtOnce() {
    String tooLong = "a".repeat(64) + ".example.org";
    assertThat(failureResultOf(resolver().resolve(tooLong), UnknownHostException.class))
        .hasMessageContaining("not a host name");
    assertThat(reactor.udpServers()).isEmpty();
  }
}
