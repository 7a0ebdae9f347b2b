package dev.braid.protocols.proxy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.proxy.ProxyHeader.Command;
import dev.braid.protocols.proxy.ProxyHeader.Family;
import dev.braid.protocols.proxy.ProxyHeaderParser.NeedMoreInput;
import dev.braid.protocols.proxy.ProxyHeaderParser.Parsed;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The PROXY header parser and encoders: round trips, any split of the input, strict errors. */
@BraidTest
class ProxyHeaderParserTest {
  private static final ByteString TRAILER = ByteString.ascii("GET / HTTP/1.1\r\n");

  private static InetSocketAddress addr(String ip, int port) {
    return new InetSocketAddress(InetAddress.ofLiteral(ip), port);
  }

  /** Every kind of header the parser knows, each with its own encoder. */
  static List<ProxyHeader> headers() {
    return List.of(
        ProxyHeader.v1(addr("192.0.2.1", 56324), addr("198.51.100.7", 443)),
        ProxyHeader.v1(addr("0.0.0.0", 0), addr("255.255.255.255", 65535)),
        ProxyHeader.v1(addr("2001:db8::1", 1234), addr("::1", 80)),
        ProxyHeader.v1Unknown(),
        ProxyHeader.v2(addr("192.0.2.1", 56324), addr("198.51.100.7", 443), List.of()),
        ProxyHeader.v2(
            addr("2001:db8::1", 1),
            addr("2001:db8::2", 65535),
            List.of(
                new Tlv(Tlv.ALPN, ByteString.ascii("h2")),
                new Tlv(Tlv.AUTHORITY, ByteString.ascii("example.com")),
                new Tlv(0xE0, ByteString.EMPTY))),
        ProxyHeader.v2Local(),
        new ProxyHeader(
            2,
            Command.PROXY,
            Family.UDP4,
            Optional.of(addr("10.0.0.1", 53)),
            Optional.of(addr("10.0.0.2", 5353)),
            List.of()),
        new ProxyHeader(
            2,
            Command.PROXY,
            Family.UNIX_STREAM,
            Optional.empty(),
            Optional.empty(),
            List.of(new Tlv(Tlv.UNIQUE_ID, ByteString.ascii("abc")))),
        new ProxyHeader(
            2, Command.LOCAL, Family.TCP6, Optional.empty(), Optional.empty(), List.of()));
  }

  private static Parsed parseWhole(ByteString bytes) throws ProxyProtocolException {
    ProxyHeaderParser.Result r = ProxyHeaderParser.parse(bytes);
    assertThat(r).isInstanceOf(Parsed.class);
    return (Parsed) r;
  }

  @Test
  void everyHeaderParsesBackToWhatWasEncoded() throws Exception {
    for (ProxyHeader h : headers()) {
      ByteString bytes = h.encode();
      Parsed parsed = parseWhole(bytes);
      assertThat(parsed.header()).isEqualTo(h);
      assertThat(parsed.consumed()).isEqualTo(bytes.size());
    }
  }

  @Test
  void bytesAfterTheHeaderStayInTheBufferForTheApplication() throws Exception {
    for (ProxyHeader h : headers()) {
      ByteString header = h.encode();
      ByteBuffer data = header.concat(TRAILER).asByteBuffer();
      ProxyHeaderParser.Result r = new ProxyHeaderParser().feed(data);
      assertThat(r).isEqualTo(new Parsed(h, header.size()));
      assertThat(ByteString.copyOf(data)).isEqualTo(TRAILER);
    }
  }

  @Test
  void everyHeaderFedOneByteAtATimeGivesTheSameResult() throws Exception {
    for (ProxyHeader h : headers()) {
      ByteString bytes = h.encode().concat(TRAILER);
      ProxyHeaderParser parser = new ProxyHeaderParser();
      ProxyHeaderParser.Result r = new NeedMoreInput();
      int fed = 0;
      while (r instanceof NeedMoreInput) {
        ByteBuffer one = bytes.substring(fed, fed + 1).asByteBuffer();
        r = parser.feed(one);
        fed++;
        assertThat(one.hasRemaining()).isFalse();
      }
      assertThat(fed).isEqualTo(h.encode().size());
      assertThat(r).isEqualTo(new Parsed(h, fed));
    }
  }

  @Test
  void everyTwoWaySplitOfEveryHeaderGivesTheSameResult() throws Exception {
    for (ProxyHeader h : headers()) {
      ByteString header = h.encode();
      ByteString bytes = header.concat(TRAILER);
      for (int cut = 0; cut <= header.size(); cut++) {
        ProxyHeaderParser parser = new ProxyHeaderParser();
        ProxyHeaderParser.Result first = parser.feed(bytes.substring(0, cut).asByteBuffer());
        if (cut < header.size()) {
          assertThat(first).isInstanceOf(NeedMoreInput.class);
        }
        ByteBuffer rest = bytes.substring(cut, bytes.size()).asByteBuffer();
        ProxyHeaderParser.Result second = parser.feed(rest);
        assertThat(second).as("cut at %d of %s", cut, h).isEqualTo(new Parsed(h, header.size()));
        assertThat(ByteString.copyOf(rest)).isEqualTo(TRAILER);
      }
    }
  }

  @Test
  void v1EncodesTheSpecificationsExample() {
    assertThat(
            ProxyHeader.v1(addr("255.255.255.255", 65535), addr("255.255.255.255", 65535))
                .encodeV1()
                .utf8())
        .isEqualTo("PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n");
  }

  @Test
  void v1UnknownIgnoresWhatFollowsOnTheLine() throws Exception {
    Parsed p = parseWhole(ByteString.ascii("PROXY UNKNOWN ffff::1 ffff::2 1 2\r\n"));
    assertThat(p.header()).isEqualTo(ProxyHeader.v1Unknown());
    assertThat(p.header().source()).isEmpty();
  }

  @Test
  void v1AcceptsTheLongestAllowedLine() throws Exception {
    String line =
        "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"
            + " ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n";
    assertThat(line).hasSize(104);
    assertThat(parseWhole(ByteString.ascii(line)).header().family()).isEqualTo(Family.TCP6);
    String unknown = "PROXY UNKNOWN " + "x".repeat(107 - 16) + "\r\n";
    assertThat(unknown).hasSize(107);
    assertThat(parseWhole(ByteString.ascii(unknown)).header()).isEqualTo(ProxyHeader.v1Unknown());
  }

  @Test
  void v2DecodesAHandWrittenHeaderWithTlvs() throws Exception {
    ByteString bytes =
        ByteString.of(
            HexFormat.of()
                .parseHex(
                    "0d0a0d0a000d0a515549540a" // signature
                        + "21" // v2 PROXY
                        + "11" // TCP4
                        + "0012" // 18 bytes
                        + "c0000201" // 192.0.2.1
                        + "c6336407" // 198.51.100.7
                        + "dc04" // 56324
                        + "01bb" // 443
                        + "010003" // ALPN, 3 bytes
                        + "683273")); // "h2s"
    ProxyHeader h = parseWhole(bytes).header();
    assertThat(h.source()).contains(addr("192.0.2.1", 56324));
    assertThat(h.destination()).contains(addr("198.51.100.7", 443));
    assertThat(h.tlv(Tlv.ALPN)).contains(new Tlv(Tlv.ALPN, ByteString.ascii("h2s")));
    assertThat(h.encodeV2()).isEqualTo(bytes);
  }

  @Test
  void v2IPv4MappedAddressesStayIPv6() throws Exception {
    ProxyHeader h =
        parseWhole(ByteString.ascii("PROXY TCP6 ::ffff:192.0.2.1 ::1 1 2\r\n")).header();
    assertThat(h.source().orElseThrow().getAddress()).isInstanceOf(java.net.Inet6Address.class);
    assertThat(parseWhole(h.encodeV1()).header()).isEqualTo(h);
    ProxyHeader v2 = ProxyHeader.v2(h.source().get(), h.destination().get(), List.of());
    assertThat(parseWhole(v2.encodeV2()).header()).isEqualTo(v2);
  }

  // ------------------------------------------------------------------------------ malformed

  private static void assertRejected(String what, ByteString bytes, String message) {
    assertThatThrownBy(() -> ProxyHeaderParser.parse(bytes))
        .as(what)
        .isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining(message);
    // Fed one byte at a time, the same error comes (at the latest) when the bad byte arrives.
    assertThatThrownBy(
            () -> {
              ProxyHeaderParser parser = new ProxyHeaderParser();
              ProtocolFeeder.Split oneByteAtATime = ProtocolFeeder.standard().splits(bytes).get(1);
              oneByteAtATime.feed(parser::feed);
            })
        .as(what + ", byte by byte")
        .isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining(message);
  }

  private static void assertV1Rejected(String line, String message) {
    assertRejected(line, ByteString.ascii(line), message);
  }

  @Test
  void v1MalformedLinesAreRejectedNamingTheProblem() {
    assertV1Rejected("GET / HTTP/1.1\r\n", "not a PROXY protocol header");
    assertV1Rejected("PROXI TCP4 1.2.3.4 5.6.7.8 1 2\r\n", "must start with \"PROXY \"");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", "bare LF");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX\r\n", "CR not followed by LF");
    assertV1Rejected("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", "unknown protocol \"TCP5\"");
    assertV1Rejected("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", "single spaces");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", "single spaces");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", "single spaces");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 70000 2\r\n", "source port \"70000\"");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", "destination port \"65536\"");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 01 2\r\n", "source port \"01\"");
    assertV1Rejected("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n", "source port \"-1\"");
    assertV1Rejected("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n", "octet \"01\"");
    assertV1Rejected("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", "octet \"256\"");
    assertV1Rejected("PROXY TCP4 1.2.3.4x 5.6.7.8 1 2\r\n", "octet \"4x\"");
    assertV1Rejected("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", "not an IPv4 address");
    assertV1Rejected("PROXY TCP4 ::1 5.6.7.8 1 2\r\n", "not an IPv4 address");
    assertV1Rejected("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", "not an IPv6 address");
    assertV1Rejected("PROXY TCP6 ::1%eth0 ::1 1 2\r\n", "not an IPv6 address");
    assertV1Rejected("PROXY TCP6 ::1 ::g 1 2\r\n", "not an IPv6 address");
    assertV1Rejected("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n", "not an IPv6 address");
    assertV1Rejected("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", "byte 0x9");
    assertV1Rejected("PROXY UNKNOWN " + "x".repeat(92) + "\r\n", "no CRLF within 107 bytes");
    assertV1Rejected("PROXY " + "x".repeat(200), "no CRLF within 107 bytes");
  }

  private static ByteString v2(String hex) {
    return ByteString.of(HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + hex));
  }

  @Test
  void v2MalformedHeadersAreRejectedNamingTheProblem() {
    assertRejected(
        "bad signature",
        ByteString.of(HexFormat.of().parseHex("0d0a0d0a000d0a515549540b21110000")),
        "bad signature at byte 11");
    assertRejected("version 1 in a v2 header", v2("110000"), "unsupported version 1");
    assertRejected("version 3", v2("310000"), "unsupported version 3");
    assertRejected("command 2", v2("220000"), "unknown command 2");
    assertRejected("family 0x41", v2("21410000"), "unknown address family 0x41");
    assertRejected("INET with no transport", v2("21100000"), "unknown address family 0x10");
    assertRejected("TCP4 too short", v2("2111000b" + "00".repeat(11)), "too short for the TCP4");
    assertRejected("TCP6 too short", v2("21210012" + "00".repeat(18)), "too short for the TCP6");
    assertRejected(
        "stray bytes after the addresses",
        v2("2111000e" + "00".repeat(12) + "0102"),
        "2 stray bytes");
    assertRejected(
        "TLV longer than the header",
        v2("2111000f" + "00".repeat(12) + "010005"),
        "TLV 0x1 says 5 bytes but only 0");
    assertRejected("over the 4 KiB limit", v2("21001000"), "4112 bytes is over the limit of 4096");
  }

  @Test
  void theV2LimitIsConfigurable() throws Exception {
    ProxyHeader big =
        ProxyHeader.v2(
            addr("192.0.2.1", 1),
            addr("192.0.2.2", 2),
            List.of(new Tlv(Tlv.NOOP, ByteString.of(new byte[5000]))));
    ByteString bytes = big.encodeV2();
    assertThatThrownBy(() -> ProxyHeaderParser.parse(bytes))
        .isInstanceOf(ProxyProtocolException.class)
        .hasMessageContaining("over the limit");
    assertThat(new ProxyHeaderParser(8192).feed(bytes.asByteBuffer()))
        .isEqualTo(new Parsed(big, bytes.size()));
    assertThatThrownBy(() -> new ProxyHeaderParser(100))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void headersThatCannotBeSentAreRefusedWhenBuilt() {
    assertThatThrownBy(
            () ->
                new ProxyHeader(
                    1, Command.LOCAL, Family.UNSPEC, Optional.empty(), Optional.empty(), List.of()))
        .hasMessageContaining("v1 has no LOCAL");
    assertThatThrownBy(
            () ->
                new ProxyHeader(
                    2,
                    Command.PROXY,
                    Family.TCP4,
                    Optional.of(addr("::1", 1)),
                    Optional.of(addr("::1", 2)),
                    List.of()))
        .hasMessageContaining("needs IPv4 addresses");
    assertThatThrownBy(
            () ->
                new ProxyHeader(
                    2, Command.PROXY, Family.TCP4, Optional.empty(), Optional.empty(), List.of()))
        .hasMessageContaining("exactly for PROXY with an IP family");
    assertThatThrownBy(() -> new Tlv(256, ByteString.EMPTY)).hasMessageContaining("0..255");
  }

  @Test
  void theContractFormReturnsTheHeaderOnceAndLeavesTheApplicationsBytes() throws Exception {
    ProxyHeaderParser parser = new ProxyHeaderParser();
    ByteBuffer data =
        ByteBuffer.wrap("PROXY TCP4 1.2.3.4 5.6.7.8 1111 2222\r\nGET /".getBytes(US_ASCII));
    ByteBuffer start = data.slice(0, 10);
    assertThat(parser.next(start)).isEmpty();
    assertThat(parser.bufferedBytes()).isEqualTo(10);
    data.position(10);
    Optional<ProxyHeader> header = parser.next(data);
    assertThat(header).isPresent();
    assertThat(header.get().source()).contains(new InetSocketAddress("1.2.3.4", 1111));
    assertThat(parser.bufferedBytes()).isZero();
    assertThat(parser.next(data)).isEmpty();
    assertThat(US_ASCII.decode(data).toString()).isEqualTo("GET /");
  }
}
