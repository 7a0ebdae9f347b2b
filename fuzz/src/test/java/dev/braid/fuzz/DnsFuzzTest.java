package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.dns.AddressBlock;
import dev.braid.dns.Authority;
import dev.braid.dns.DnsLimits;
import dev.braid.dns.TransferPolicy;
import dev.braid.dns.ZoneSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Zone;

/**
 * Fuzzes {@link Authority}, the DNS server's answering, with whole messages as they come off UDP
 * and TCP. The first input byte picks the transport and the peer (bit 0: TCP; bit 1: a peer the
 * transfer policy allows); the rest is the message. Oracles: nothing escapes but a response; a
 * message under 12 bytes or with QR set gets nothing; every response parses, has QR set and the
 * query's ID, and fits the transport (UDP: the EDNS0 size, at most 1,232 bytes; TCP: 65,535); a
 * transfer ends.
 */
@dev.braid.testing.BraidTest
class DnsFuzzTest {
  private static final Authority AUTHORITY = authority();
  private static final InetAddress ALLOWED = InetAddress.getLoopbackAddress();
  private static final InetAddress STRANGER = InetAddress.ofLiteral("198.51.100.7");

  private static Authority authority() {
    try {
      Name origin = Name.fromString("example.org.");
      String text =
          """
          $TTL 300
          @      IN SOA ns1 hostmaster 1 7200 900 1209600 300
                 IN NS  ns1
                 IN MX  10 mail
          ns1    IN A   192.0.2.53
          mail   IN A   192.0.2.25
          www    IN A   192.0.2.80
                 IN AAAA 2001:db8::80
          alias  IN CNAME www
          loop1  IN CNAME loop2
          loop2  IN CNAME loop1
          *.wild IN TXT "wild"
          sub    IN NS  ns.sub
          ns.sub IN A   192.0.2.54
          """;
      Zone zone = new Zone(origin, new java.io.ByteArrayInputStream(text.getBytes()));
      String secret = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
      TransferPolicy policy =
          TransferPolicy.none()
              .withAllowFrom(AddressBlock.parse("127.0.0.0/8"))
              .withKey("hmac-sha256:xfr-key:" + secret);
      return new Authority(ZoneSet.of(List.of(zone)), DnsLimits.defaults(), policy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void everyResponseParsesHasTheQueryIdAndFitsItsTransport(byte[] input) {
    if (input.length == 0) {
      return;
    }
    boolean tcp = (input[0] & 1) != 0;
    InetAddress peer = (input[0] & 2) != 0 ? ALLOWED : STRANGER;
    byte[] query = java.util.Arrays.copyOfRange(input, 1, input.length);
    Harness.timed(
        input,
        () -> {
          if (tcp) {
            Iterator<byte[]> replies = AUTHORITY.respondOverTcp(query, peer);
            int messages = 0;
            while (replies.hasNext()) {
              check(query, replies.next(), 65_535);
              assertThat(++messages).as("messages in one transfer").isLessThan(100);
            }
            assertThat(messages == 0).isEqualTo(query.length < 12 || (query[2] & 0x80) != 0);
          } else {
            Optional<byte[]> reply = AUTHORITY.respond(query, false, peer);
            assertThat(reply.isEmpty()).isEqualTo(query.length < 12 || (query[2] & 0x80) != 0);
            reply.ifPresent(r -> check(query, r, 1232));
          }
        });
  }

  private static void check(byte[] query, byte[] reply, int max) {
    assertThat(reply.length).isBetween(12, max);
    Message m;
    try {
      m = new Message(reply);
    } catch (IOException e) {
      throw new AssertionError("a response that does not parse: " + e, e);
    }
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
    assertThat(m.getHeader().getID()).isEqualTo(id);
    for (Record r : m.getSection(org.xbill.DNS.Section.QUESTION)) {
      assertThat(r.getName().length()).isLessThanOrEqualTo((short) 255);
    }
  }
}
