package dev.braid.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Bytes that are not a well-formed query get FORMERR with the query's ID, or nothing at all; never
 * an exception, never a hang. Each packet is written by hand, byte by byte.
 */
class MalformedQueryTest {
  @TempDir Path dir;
  Authority authority;

  @BeforeEach
  void load() throws IOException {
    authority = new Authority(ZoneSet.of(List.of(TestZones.exampleOrg(dir))), DnsLimits.defaults());
  }

  /** A header with ID 0xbeef, RD, and the given section counts. */
  private static ByteBuffer header(int qd, int an, int ns, int ar) {
    ByteBuffer b = ByteBuffer.allocate(4096);
    b.putShort((short) 0xbeef).putShort((short) 0x0100);
    b.putShort((short) qd).putShort((short) an).putShort((short) ns).putShort((short) ar);
    return b;
  }

  private static byte[] bytes(ByteBuffer b) {
    b.flip();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private void assertFormErr(byte[] packet) throws IOException {
    Optional<byte[]> reply = authority.respond(packet, false);
    assertThat(reply).isPresent();
    Message m = new Message(reply.get());
    assertThat(m.getHeader().getID()).isEqualTo(0xbeef);
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void fewerThanTwelveBytesAndResponsesAreDropped() {
    assertThat(authority.respond(new byte[0], false)).isEmpty();
    assertThat(authority.respond(new byte[11], false)).isEmpty();
    byte[] response = HexFormat.of().parseHex("beef8100000000000000000000");
    assertThat(authority.respond(response, false)).isEmpty();
  }

  @Test
  void aCompressionPointerToItselfIsFormerr() throws IOException {
    ByteBuffer b = header(1, 0, 0, 0);
    b.put((byte) 0xc0).put((byte) 12); // points at itself
    b.putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(b));
  }

  @Test
  void aCompressionPointerLoopAndAForwardPointerAreFormerr() throws IOException {
    ByteBuffer loop = header(1, 0, 0, 0);
    loop.put((byte) 1).put((byte) 'a').put((byte) 0xc0).put((byte) 12); // a -> back to a
    loop.putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(loop));
    ByteBuffer forward = header(1, 0, 0, 0);
    forward.put((byte) 0xc0).put((byte) 40);
    forward.putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(forward));
  }

  @Test
  void aLabelOver63AndANameOver255BytesAreFormerr() throws IOException {
    ByteBuffer label = header(1, 0, 0, 0);
    label.put((byte) 64).put(new byte[64]).put((byte) 0).putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(label));
    ByteBuffer name = header(1, 0, 0, 0);
    for (int i = 0; i < 5; i++) {
      name.put((byte) 63).put("a".repeat(63).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    name.put((byte) 0).putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(name));
  }

  @Test
  void sectionCountsThatLieAndTruncatedRecordsAreFormerr() throws IOException {
    ByteBuffer lies = header(1, 0, 0, 50);
    lies.put((byte) 3).put("www".getBytes()).put((byte) 0).putShort((short) 1).putShort((short) 1);
    assertFormErr(bytes(lies));
    ByteBuffer cut = header(1, 0, 0, 0);
    cut.put((byte) 3).put("www".getBytes()).put((byte) 0).putShort((short) 1); // no class
    assertFormErr(bytes(cut));
  }

  @Test
  void noQuestionOrTwoQuestionsAreFormerr() throws IOException {
    assertFormErr(bytes(header(0, 0, 0, 0)));
    ByteBuffer two = header(2, 0, 0, 0);
    for (int i = 0; i < 2; i++) {
      two.put((byte) 3).put("www".getBytes()).put((byte) 0).putShort((short) 1).putShort((short) 1);
    }
    assertFormErr(bytes(two));
  }

  @Test
  void aBadEdnsOptionIsFormerr() throws IOException {
    ByteBuffer b = header(1, 0, 0, 1);
    b.put((byte) 3).put("www".getBytes()).put((byte) 0).putShort((short) 1).putShort((short) 1);
    // OPT: root name, type 41, payload 4096, ttl 0, rdlength 4, then an option claiming 100 bytes
    b.put((byte) 0).putShort((short) 41).putShort((short) 4096).putInt(0).putShort((short) 4);
    b.putShort((short) 10).putShort((short) 100);
    assertFormErr(bytes(b));
  }
}
