package dev.braid.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** What the authority answers, message in and message out, with dnsjava encoding the queries. */
class AuthorityTest {
  @TempDir Path dir;
  Authority authority;

  @BeforeEach
  void load() throws IOException {
    authority = new Authority(ZoneSet.of(List.of(TestZones.exampleOrg(dir))), DnsLimits.defaults());
  }

  private Message ask(String name, int type) throws IOException {
    return ask(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)), false);
  }

  private Message ask(Message query, boolean tcp) throws IOException {
    byte[] reply = authority.respond(query.toWire(), tcp).orElseThrow();
    return new Message(reply);
  }

  private static List<String> answers(Message m, int section) {
    return m.getSection(section).stream().map(Record::rdataToString).toList();
  }

  @Test
  void anAddressIsAnsweredAuthoritativelyWithTheQuestionCopied() throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("WwW.Example.ORG."), Type.A, DClass.IN));
    Message reply = ask(query, false);
    assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
    assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue(); // copied from the query
    assertThat(reply.getHeader().getFlag(Flags.RA)).isFalse(); // no recursion here
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getQuestion().getName().toString()).isEqualTo("WwW.Example.ORG."); // case kept
    assertThat(answers(reply, Section.ANSWER)).containsExactly("192.0.2.80");
  }

  @Test
  void aMissingNameIsNxdomainWithTheSoaForNegativeCaching() throws IOException {
    Message reply = ask("nope.example.org.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void aNameWithoutThatTypeIsNodataWithTheSoa() throws IOException {
    Message reply = ask("www.example.org.", Type.MX);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(r -> assertThat(r.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void aWildcardAnswersWithTheNameAsked() throws IOException {
    Message reply = ask("anything.wild.example.org.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getName().toString()).isEqualTo("anything.wild.example.org.");
              assertThat(r.rdataToString()).isEqualTo("192.0.2.99");
            });
  }

  @Test
  void cnameChainsInsideTheZoneAreFollowed() throws IOException {
    Message reply = ask("chain1.example.org.", Type.A);
    assertThat(answers(reply, Section.ANSWER))
        .containsExactly(
            "chain2.example.org.", "alias.example.org.", "www.example.org.", "192.0.2.80");
  }

  @Test
  void aCnameLoopEndsAndACnameOutOfTheZoneIsLeftToTheResolver() throws IOException {
    assertThat(answers(ask("loop1.example.org.", Type.A), Section.ANSWER))
        .containsExactly("loop2.example.org.", "loop1.example.org.");
    Message away = ask("away.example.org.", Type.A);
    assertThat(answers(away, Section.ANSWER)).containsExactly("www.elsewhere.net.");
    Message dangling = ask("dangling.example.org.", Type.A);
    assertThat(answers(dangling, Section.ANSWER)).containsExactly("nothing.example.org.");
    assertThat(dangling.getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void theCnameChainStopsAtTheLimit() throws IOException {
    authority = new Authority(authority.zones(), DnsLimits.defaults().withMaxCnameChain(1));
    assertThat(answers(ask("chain1.example.org.", Type.A), Section.ANSWER))
        .containsExactly("chain2.example.org.", "alias.example.org.");
  }

  @Test
  void aDelegationIsReferredWithGlueAndWithoutAa() throws IOException {
    Message reply = ask("host.sub.example.org.", Type.A);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(answers(reply, Section.AUTHORITY)).containsExactly("ns.sub.example.org.");
    assertThat(answers(reply, Section.ADDITIONAL)).containsExactly("192.0.2.54");
  }

  @Test
  void mxAndSrvAnswersCarryTheAddressesOfTheirTargets() throws IOException {
    Message mx = ask("example.org.", Type.MX);
    assertThat(answers(mx, Section.ANSWER)).containsExactly("10 mail.example.org.");
    assertThat(answers(mx, Section.ADDITIONAL))
        .containsExactlyInAnyOrder("192.0.2.25", "2001:db8:0:0:0:0:0:25");
    Message srv = ask("_sip._tcp.example.org.", Type.SRV);
    assertThat(answers(srv, Section.ADDITIONAL))
        .containsExactlyInAnyOrder("192.0.2.80", "2001:db8:0:0:0:0:0:80");
  }

  @Test
  void anyGetsOneRrsetNotAll() throws IOException {
    Message reply = ask("example.org.", Type.ANY);
    assertThat(reply.getSectionRRsets(Section.ANSWER)).hasSize(1);
  }

  @Test
  void generatedNamesAreServed() throws IOException {
    assertThat(answers(ask("host2.example.org.", Type.A), Section.ANSWER))
        .containsExactly("198.51.100.2");
  }

  @Test
  void namesInNoZoneAreRefusedAndOtherOpcodesAreNotImplemented() throws IOException {
    assertThat(ask("www.example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    Message update =
        Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.SOA, DClass.IN));
    update.getHeader().setOpcode(Opcode.UPDATE);
    assertThat(ask(update, false).getRcode()).isEqualTo(Rcode.NOTIMP);
    Message chaos =
        Message.newQuery(Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH));
    assertThat(ask(chaos, false).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void zoneTransfersAreRefused() throws IOException {
    Message axfr =
        Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.AXFR, DClass.IN));
    assertThat(ask(axfr, true).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(ask(axfr, false).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void edns0IsAnsweredWithTheAdvertisedPayloadAndAHigherVersionGetsBadvers() throws IOException {
    Message query =
        Message.newQuery(Record.newRecord(Name.fromString("www.example.org."), Type.A, DClass.IN));
    query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    OPTRecord opt = ask(query, false).getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);

    Message v1 =
        Message.newQuery(Record.newRecord(Name.fromString("www.example.org."), Type.A, DClass.IN));
    v1.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);
    Message reply = ask(v1, false);
    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void aLargeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
    Message query =
        Message.newQuery(
            Record.newRecord(Name.fromString("big.example.org."), Type.TXT, DClass.IN));
    byte[] udp = authority.respond(query.toWire(), false).orElseThrow();
    assertThat(udp.length).isLessThanOrEqualTo(512);
    Message cut = new Message(udp);
    assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
    Message whole = ask(query, true);
    assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(whole.getSection(Section.ANSWER)).hasSize(1);
    // with EDNS0 the client takes up to 1232 bytes, enough for this answer
    query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message edns = ask(query, false);
    assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(edns.getSection(Section.ANSWER)).hasSize(1);
  }

  @Test
  void aBadZoneFileNamesTheFileAndLine() throws IOException {
    Path bad =
        TestZones.write(
            dir,
            "bad.zone",
            "$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1\nns1 IN A 999.0.0.1\n");
    assertThatThrownBy(() -> ZoneSet.load("bad.test", bad))
        .isInstanceOf(ZoneFileException.class)
        .hasMessageStartingWith(bad + ":4: ");
    Path noSoa = TestZones.write(dir, "nosoa.zone", "$TTL 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
    assertThatThrownBy(() -> ZoneSet.load("nosoa.test", noSoa))
        .isInstanceOf(ZoneFileException.class)
        .hasMessageContaining(noSoa.toString());
    assertThatThrownBy(() -> ZoneSet.load("x.test", dir.resolve("missing")))
        .hasMessageContaining("does not exist");
  }
}
