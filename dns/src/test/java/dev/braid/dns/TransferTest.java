package dev.braid.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.FakeClock;
import dev.braid.testing.StringTransport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * Zone transfers (AXFR, IXFR) and TSIG: who may transfer, what a transfer holds, how it is split
 * into messages and signed, and how the TCP server writes it as the client reads.
 */
class TransferTest {
  static final String SECRET = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  static final InetAddress STRANGER = address("198.51.100.7");

  @TempDir Path dir;
  Zone zone;

  @BeforeEach
  void load() throws IOException {
    // Enough records that a transfer takes several messages.
    String big = TestZones.EXAMPLE_ORG + "$GENERATE 1-3000 many$ IN A 203.0.113.1\n";
    zone = ZoneSet.load("example.org", TestZones.write(dir, "big.zone", big));
  }

  static InetAddress address(String literal) {
    return InetAddress.ofLiteral(literal);
  }

  Authority authority(TransferPolicy policy) {
    return new Authority(ZoneSet.of(List.of(zone)), DnsLimits.defaults(), policy);
  }

  static TransferPolicy loopbackOnly() {
    return TransferPolicy.none().withAllowFrom(AddressBlock.parse("127.0.0.0/8"));
  }

  static Message query(String name, int type) throws IOException {
    return Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
  }

  static Message ixfr(long serial) throws IOException {
    Message q = query("example.org", Type.IXFR);
    Name origin = Name.fromString("example.org.");
    q.addRecord(
        new SOARecord(origin, DClass.IN, 0, origin, origin, serial, 3600, 600, 86400, 300),
        Section.AUTHORITY);
    return q;
  }

  static List<Message> all(Iterator<byte[]> replies) throws IOException {
    List<Message> out = new ArrayList<>();
    while (replies.hasNext()) {
      byte[] bytes = replies.next();
      assertThat(bytes.length).isLessThanOrEqualTo(65_535);
      out.add(new Message(bytes));
    }
    return out;
  }

  static Message only(Iterator<byte[]> replies) throws IOException {
    List<Message> messages = all(replies);
    assertThat(messages).hasSize(1);
    return messages.getFirst();
  }

  @Test
  void noOneMayTransferByDefault() throws IOException {
    Authority authority = new Authority(ZoneSet.of(List.of(zone)), DnsLimits.defaults());
    Message refused =
        only(authority.respondOverTcp(query("example.org", Type.AXFR).toWire(), LOOPBACK));
    assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(refused.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void anAllowedPeerGetsTheWholeZoneSoaFirstAndLastInSeveralMessages() throws IOException {
    Authority authority = authority(loopbackOnly());
    Message q = query("example.org", Type.AXFR);
    List<Message> messages = all(authority.respondOverTcp(q.toWire(), LOOPBACK));
    assertThat(messages.size()).isGreaterThan(3);
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
      assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
      assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(m.getSection(Section.QUESTION)).hasSize(i == 0 ? 1 : 0);
      records.addAll(m.getSection(Section.ANSWER));
    }
    assertThat(records.getFirst()).isEqualTo(zone.getSOA());
    assertThat(records.getLast()).isEqualTo(zone.getSOA());
    Set<Record> inZone = new HashSet<>();
    zone.iterator().forEachRemaining(set -> inZone.addAll(set.rrs()));
    List<Record> middle = records.subList(1, records.size() - 1);
    assertThat(new HashSet<>(middle)).hasSize(middle.size()); // each record once
    inZone.remove(zone.getSOA());
    assertThat(new HashSet<>(middle)).isEqualTo(inZone);
  }

  @Test
  void otherPeersAndOtherNamesAreRefused() throws IOException {
    Authority authority = authority(loopbackOnly());
    byte[] axfr = query("example.org", Type.AXFR).toWire();
    assertThat(only(authority.respondOverTcp(axfr, STRANGER)).getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(only(authority.respondOverTcp(axfr, null)).getRcode()).isEqualTo(Rcode.REFUSED);
    byte[] inside = query("www.example.org", Type.AXFR).toWire();
    assertThat(only(authority.respondOverTcp(inside, LOOPBACK)).getRcode())
        .isEqualTo(Rcode.NOTAUTH);
    byte[] elsewhere = query("example.net", Type.AXFR).toWire();
    assertThat(only(authority.respondOverTcp(elsewhere, LOOPBACK)).getRcode())
        .isEqualTo(Rcode.REFUSED);
  }

  @Test
  void anIpv4MappedPeerCountsAsItsIpv4Address() {
    AddressBlock block = AddressBlock.parse("127.0.0.0/8");
    assertThat(block.contains(address("::ffff:127.0.0.1"))).isTrue();
    assertThat(block.contains(address("::1"))).isFalse();
    assertThat(AddressBlock.parse("2001:db8::/32").contains(address("2001:db8:1::5"))).isTrue();
    assertThat(AddressBlock.parse("::1").contains(address("::1"))).isTrue();
  }

  @Test
  void badBlocksAreRefusedWithTheReason() {
    assertThatThrownBy(() -> AddressBlock.parse("10.0.0.1/8")).hasMessageContaining("host bits");
    assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/33")).hasMessageContaining("0..32");
    assertThatThrownBy(() -> AddressBlock.parse("localhost")).hasMessageContaining("names");
    assertThatThrownBy(() -> AddressBlock.parse("10.0.0.0/x")).hasMessageContaining("prefix");
  }

  @Test
  void axfrOverUdpIsFormerr() throws IOException {
    Authority authority = authority(loopbackOnly());
    byte[] reply =
        authority.respond(query("example.org", Type.AXFR).toWire(), false, LOOPBACK).orElseThrow();
    assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void ixfrFromAnUpToDateClientOrOverUdpIsTheSoaAlone() throws IOException {
    Authority authority = authority(loopbackOnly());
    long serial = zone.getSOA().getSerial();
    Message upToDate = only(authority.respondOverTcp(ixfr(serial).toWire(), LOOPBACK));
    assertThat(upToDate.getSection(Section.ANSWER)).containsExactly(zone.getSOA());
    byte[] overUdp = authority.respond(ixfr(serial - 1).toWire(), false, LOOPBACK).orElseThrow();
    assertThat(new Message(overUdp).getSection(Section.ANSWER)).containsExactly(zone.getSOA());
  }

  @Test
  void ixfrFromAnOlderSerialIsTheWholeZoneInAxfrForm() throws IOException {
    Authority authority = authority(loopbackOnly());
    long older = zone.getSOA().getSerial() - 5;
    List<Message> messages = all(authority.respondOverTcp(ixfr(older).toWire(), LOOPBACK));
    assertThat(messages.size()).isGreaterThan(3);
    List<Record> first = messages.getFirst().getSection(Section.ANSWER);
    assertThat(first.get(0)).isEqualTo(zone.getSOA());
    assertThat(first.get(1)).isNotInstanceOf(SOARecord.class); // AXFR form, not a diff
    assertThat(messages.getLast().getSection(Section.ANSWER).getLast()).isEqualTo(zone.getSOA());
  }

  @Test
  void ixfrWithoutTheClientsSoaIsFormerr() throws IOException {
    Authority authority = authority(loopbackOnly());
    byte[] bare = query("example.org", Type.IXFR).toWire();
    assertThat(only(authority.respondOverTcp(bare, LOOPBACK)).getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void aKeyLetsAnyPeerTransferAndEveryMessageIsSigned() throws IOException {
    TransferPolicy policy = TransferPolicy.none().withKey("hmac-sha256:xfr-key:" + SECRET);
    Authority authority = authority(policy);
    TSIG key = new TSIG(TSIG.HMAC_SHA256, "xfr-key.", SECRET);
    Message q = query("example.org", Type.AXFR);
    q.setTSIG(key);
    byte[] wire = q.toWire(65_535);
    TSIGRecord queryTsig = new Message(wire).getTSIG();
    TSIG.StreamVerifier verifier = new TSIG.StreamVerifier(key, queryTsig);
    Iterator<byte[]> replies = authority.respondOverTcp(wire, STRANGER);
    int count = 0;
    while (replies.hasNext()) {
      byte[] bytes = replies.next();
      Message m = new Message(bytes);
      assertThat(m.getTSIG()).isNotNull();
      assertThat(verifier.verify(m, bytes, !replies.hasNext())).isEqualTo(Rcode.NOERROR);
      count++;
    }
    assertThat(count).isGreaterThan(3);
  }

  @Test
  void aWrongSecretOrAnUnknownKeyIsNotauthWhateverTheAddress() throws IOException {
    TransferPolicy policy = loopbackOnly().withKey("hmac-sha256:xfr-key:" + SECRET);
    Authority authority = authority(policy);
    String other = Base64.getEncoder().encodeToString("not the secret!!".getBytes());
    for (TSIG key :
        List.of(
            new TSIG(TSIG.HMAC_SHA256, "xfr-key.", other),
            new TSIG(TSIG.HMAC_SHA256, "who-knows.", SECRET))) {
      Message q = query("example.org", Type.AXFR);
      q.setTSIG(key);
      Message reply = only(authority.respondOverTcp(q.toWire(65_535), LOOPBACK));
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOTAUTH);
      assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }
  }

  @Test
  void aSignedOrdinaryQueryGetsASignedAnswer() throws IOException {
    TSIG key = new TSIG(TSIG.HMAC_SHA256, "xfr-key.", SECRET);
    Authority authority = authority(TransferPolicy.none().withKey("xfr-key:" + SECRET));
    Message q = query("www.example.org", Type.A);
    q.setTSIG(key);
    byte[] wire = q.toWire(65_535);
    byte[] reply = authority.respond(wire, false, STRANGER).orElseThrow();
    Message m = new Message(reply);
    assertThat(m.getTSIG()).isNotNull();
    assertThat(key.verify(m, reply, new Message(wire).getTSIG())).isEqualTo(Rcode.NOERROR);
    assertThat(m.getSection(Section.ANSWER)).isNotEmpty();
  }

  @Test
  void badKeySpecsSayWhatIsWrongWithoutPrintingTheSecret() {
    TransferPolicy none = TransferPolicy.none();
    assertThatThrownBy(() -> none.withKey("justaname")).hasMessageContaining("NAME:BASE64");
    assertThatThrownBy(() -> none.withKey("hmac-nope:k:" + SECRET))
        .hasMessageContaining("unknown TSIG algorithm hmac-nope");
    assertThatThrownBy(() -> none.withKey("k:***")).hasMessageContaining("not base64");
    assertThatThrownBy(() -> none.withKey("a:b:c:d")).message().doesNotContain("d");
    assertThatThrownBy(() -> none.withKey("k:" + SECRET).withKey("k:" + SECRET))
        .hasMessageContaining("two TSIG keys");
  }

  @Test
  void theTcpServerWritesATransferAsTheClientReadsAndThenAnswersWhatWasPipelined()
      throws IOException {
    Authority authority = authority(loopbackOnly());
    var server = new DnsStreamServer(authority, new FakeClock());
    var transport = new StringTransport();
    transport.setPeerAddress(new InetSocketAddress(LOOPBACK, 40000));
    transport.makeConnection(server);
    Message axfr = query("example.org", Type.AXFR);
    Message a = query("www.example.org", Type.A);
    transport.receive(framed(axfr.toWire()).concat(framed(a.toWire())));
    // The first message, then one more when the producer was registered; reading is paused.
    assertThat(transport.readingPaused()).isTrue();
    assertThat(transport.producer()).isPresent();
    int rounds = 0;
    while (transport.producer().isPresent() && rounds++ < 1000) {
      transport.drainWriteBuffer();
    }
    assertThat(transport.readingPaused()).isFalse();
    List<Message> replies = unframe(transport.written());
    Message last = replies.getLast();
    assertThat(last.getHeader().getID()).isEqualTo(a.getHeader().getID());
    assertThat(last.getSection(Section.ANSWER)).isNotEmpty();
    List<Message> transfer = replies.subList(0, replies.size() - 1);
    assertThat(transfer).allMatch(m -> m.getHeader().getID() == axfr.getHeader().getID());
    assertThat(transfer.getLast().getSection(Section.ANSWER).getLast()).isEqualTo(zone.getSOA());
    assertThat(transport.disconnecting()).isFalse();
  }

  @Test
  void aConnectionLostDuringATransferStopsIt() throws IOException {
    Authority authority = authority(loopbackOnly());
    var server = new DnsStreamServer(authority, new FakeClock());
    var transport = new StringTransport();
    transport.setPeerAddress(new InetSocketAddress(LOOPBACK, 40000));
    transport.makeConnection(server);
    transport.receive(framed(query("example.org", Type.AXFR).toWire()));
    int before = transport.writes().size();
    transport.reportDisconnect();
    assertThat(transport.producerState()).isEqualTo(StringTransport.ProducerState.STOPPED);
    transport.drainWriteBuffer();
    assertThat(transport.writes()).hasSize(before);
  }

  static ByteString framed(byte[] message) {
    ByteBuffer b = ByteBuffer.allocate(2 + message.length);
    b.putShort((short) message.length).put(message).flip();
    return ByteString.copyOf(b);
  }

  static List<Message> unframe(ByteString written) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(written.toByteArray());
    List<Message> out = new ArrayList<>();
    while (b.hasRemaining()) {
      byte[] m = new byte[b.getShort() & 0xffff];
      b.get(m);
      out.add(new Message(m));
    }
    return out;
  }
}
