package dev.braid.web.http2.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HPACK (RFC 7541): the decoder's MUSTs, the encoder's choices and the limits. */
@BraidTest
class HpackDecoderTest {
  private static ByteString hex(String hex) {
    return ByteString.of(HexFormat.of().parseHex(hex.replace(" ", "")));
  }

  private static HeaderField field(String name, String value) {
    return new HeaderField(name, value);
  }

  private static void assertCompressionError(HpackDecoder decoder, String hex, String message) {
    assertThatThrownBy(() -> decoder.decode(hex(hex)))
        .isInstanceOfSatisfying(
            Http2Exception.class,
            e -> {
              assertThat(e.error()).isEqualTo(Http2Error.COMPRESSION_ERROR);
              assertThat(e.isConnectionError()).isTrue();
            })
        .hasMessageContaining(message);
  }

  @Test
  void literalWithIndexingIsAddedToTheTableWithThirtyTwoOctetsOfOverhead() throws Exception {
    // RFC 7541 C.2.1
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertThat(
            decoder.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")))
        .containsExactly(field("custom-key", "custom-header"));
    assertThat(decoder.tableSize()).isEqualTo(55);
    assertThat(decoder.decode(hex("be"))).containsExactly(field("custom-key", "custom-header"));
  }

  @Test
  void literalWithoutIndexingLeavesTheTableAlone() throws Exception {
    // RFC 7541 C.2.2
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertThat(decoder.decode(hex("040c 2f73 616d 706c 652f 7061 7468")))
        .containsExactly(field(":path", "/sample/path"));
    assertThat(decoder.tableSize()).isZero();
  }

  @Test
  void neverIndexedLiteralIsReportedAsNeverIndexed() throws Exception {
    // RFC 7541 C.2.3
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertThat(decoder.decode(hex("1008 7061 7373 776f 7264 0673 6563 7265 74")))
        .containsExactly(new HeaderField("password", "secret", true));
    assertThat(decoder.tableSize()).isZero();
  }

  @Test
  void huffmanRequestsShareOneContext() throws Exception {
    // RFC 7541 C.4.1 to C.4.3
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertThat(decoder.decode(hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")))
        .containsExactly(
            field(":method", "GET"),
            field(":scheme", "http"),
            field(":path", "/"),
            field(":authority", "www.example.com"));
    assertThat(decoder.tableSize()).isEqualTo(57);
    assertThat(decoder.decode(hex("8286 84be 5886 a8eb 1064 9cbf")))
        .containsExactly(
            field(":method", "GET"),
            field(":scheme", "http"),
            field(":path", "/"),
            field(":authority", "www.example.com"),
            field("cache-control", "no-cache"));
    assertThat(decoder.tableSize()).isEqualTo(110);
    assertThat(
            decoder.decode(hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 8925 a849 e95b b8e8 b4bf")))
        .containsExactly(
            field(":method", "GET"),
            field(":scheme", "https"),
            field(":path", "/index.html"),
            field(":authority", "www.example.com"),
            field("custom-key", "custom-value"));
    assertThat(decoder.tableSize()).isEqualTo(164);
  }

  @Test
  void indexZeroIsAnError() {
    assertCompressionError(new HpackDecoder(4096, 65536), "80", "index 0");
  }

  @Test
  void indexPastTheTableIsAnError() {
    // 62 is the first dynamic index; the table is empty
    assertCompressionError(new HpackDecoder(4096, 65536), "be", "past the end");
  }

  @Test
  void tableSizeUpdateLargerThanTheSettingIsAnError() {
    // 001 11111 then 4097 - 31 = 4066 = 0xe2 0x1f
    assertCompressionError(new HpackDecoder(4096, 65536), "3fe21f", "larger than SETTINGS");
  }

  @Test
  void tableSizeUpdateAfterAFieldIsAnError() {
    assertCompressionError(new HpackDecoder(4096, 65536), "8220", "after the first field");
  }

  @Test
  void tableSizeUpdatesAtTheStartOfABlockAreAccepted() throws Exception {
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    decoder.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    // two updates: to 0 (the entry is evicted), then back to 4096
    assertThat(decoder.decode(hex("20 3fe11f 82"))).containsExactly(field(":method", "GET"));
    assertThat(decoder.tableSize()).isZero();
  }

  @Test
  void aLoweredSettingRequiresATableSizeUpdateAtTheStartOfTheNextBlock() throws Exception {
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    decoder.setMaxTableSize(100);
    assertCompressionError(decoder, "82", "required dynamic table size update");
    HpackDecoder updated = new HpackDecoder(4096, 65536);
    updated.setMaxTableSize(100);
    assertThat(updated.decode(hex("3f45 82"))).containsExactly(field(":method", "GET"));
  }

  @Test
  void huffmanStringHoldingEosIsAnError() {
    // a 4-octet Huffman name: EOS (30 one bits) then two bits of padding
    assertCompressionError(new HpackDecoder(4096, 65536), "0084ffffffff 00", "EOS");
  }

  @Test
  void huffmanPaddingLongerThanSevenBitsIsAnError() {
    // 'a' is 00011 (5 bits), then 11 bits of ones
    assertCompressionError(new HpackDecoder(4096, 65536), "0082 1fff 00", "longer than 7 bits");
  }

  @Test
  void huffmanPaddingNotAllOnesIsAnError() {
    // 'a' (00011) then padding 010
    assertCompressionError(new HpackDecoder(4096, 65536), "0081 1a 00", "not all ones");
  }

  @Test
  void integerPastTwoToTheThirtyOneIsAnError() {
    assertCompressionError(new HpackDecoder(4096, 65536), "ff ffffffffff0f", "2^31-1");
  }

  @Test
  void integerWithTooManyContinuationOctetsIsAnError() {
    // zero continuation octets shift past 64 bits: found by fuzzing, once an index out of bounds
    assertCompressionError(new HpackDecoder(4096, 65536), "ff 8080808080808080808080 7f", "2^31-1");
  }

  @Test
  void blockEndingInsideAnIntegerIsAnError() {
    assertCompressionError(new HpackDecoder(4096, 65536), "ff80", "inside an integer");
  }

  @Test
  void stringLongerThanTheBlockIsAnError() {
    assertCompressionError(new HpackDecoder(4096, 65536), "0005 6162", "longer than the block");
  }

  @Test
  void afterAnErrorTheDecoderRefusesEveryBlock() {
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertCompressionError(decoder, "80", "index 0");
    assertCompressionError(decoder, "82", "index 0");
  }

  @Test
  void anEntryLargerThanTheTableEmptiesItAndIsNotAdded() throws Exception {
    HpackDecoder decoder = new HpackDecoder(64, 65536);
    decoder.decode(hex("4001 61 0162")); // a: b, 34 octets
    assertThat(decoder.tableSize()).isEqualTo(34);
    ByteString big = literalWithIndexing("x", "y".repeat(40)); // 73 octets
    assertThat(decoder.decode(big)).containsExactly(field("x", "y".repeat(40)));
    assertThat(decoder.tableSize()).isZero();
  }

  @Test
  void addingEvictsTheOldestEntriesUntilTheNewOneFits() throws Exception {
    HpackDecoder decoder = new HpackDecoder(70, 65536);
    decoder.decode(literalWithIndexing("a", "1")); // 34
    decoder.decode(literalWithIndexing("b", "2")); // 68
    decoder.decode(literalWithIndexing("c", "3")); // evicts a
    assertThat(decoder.tableSize()).isEqualTo(68);
    assertThat(decoder.decode(hex("be bf"))).containsExactly(field("c", "3"), field("b", "2"));
    assertCompressionError(decoder, "c0", "past the end");
  }

  @Test
  void headerListAtTheLimitPassesAndOneOctetMoreFails() throws Exception {
    List<HeaderField> fields = List.of(field("a", "x".repeat(67))); // 100 octets
    ByteString block = new HpackEncoder(4096, false).encode(fields);
    assertThat(new HpackDecoder(4096, 100).decode(block)).isEqualTo(fields);
    assertThatThrownBy(() -> new HpackDecoder(4096, 99).decode(block))
        .isInstanceOfSatisfying(
            Http2Exception.class,
            e -> assertThat(e.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM));
  }

  @Test
  void hpackBombFailsAsSoonAsTheListPassesTheLimit() {
    // one 4 KiB entry, then 10000 one-octet references to it: 40 MB of headers from 14 KB;
    // the last octet is an invalid index 0, never reached
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.writeBytes(literalWithIndexing("bomb", "x".repeat(4000)).toByteArray());
    for (int i = 0; i < 10_000; i++) {
      block.write(0xbe);
    }
    block.write(0x80);
    HpackDecoder decoder = new HpackDecoder(8192, 16 * 1024);
    assertThatThrownBy(() -> decoder.decode(ByteString.wrapOwned(block.toByteArray())))
        .isInstanceOfSatisfying(
            Http2Exception.class,
            e -> {
              assertThat(e.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM);
              assertThat(e.isConnectionError()).isTrue();
            })
        .hasMessageContaining("header list is larger than the limit of 16384");
  }

  @Test
  void aStringLiteralLongerThanTheListLimitFailsBeforeItIsDecoded() {
    ByteString block = literalWithIndexing("a", "x".repeat(5000));
    assertThatThrownBy(() -> new HpackDecoder(4096, 1000).decode(block))
        .isInstanceOfSatisfying(
            Http2Exception.class,
            e -> assertThat(e.error()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM));
  }

  @Test
  void encoderWritesNeverIndexedFieldsAsNeverIndexedLiteralsAndNeverTablesThem() throws Exception {
    HpackEncoder encoder = new HpackEncoder(4096, false);
    HeaderField secret = new HeaderField("authorization", "Bearer x", true);
    ByteString first = encoder.encode(List.of(secret));
    // 0001 then the static name index of authorization, 23 (15 + 8)
    assertThat(first.byteAt(0) & 0xff).isEqualTo(0x1f);
    assertThat(first.byteAt(1) & 0xff).isEqualTo(0x08);
    assertThat(encoder.encode(List.of(secret))).isEqualTo(first);
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    assertThat(decoder.decode(first)).containsExactly(secret);
    assertThat(decoder.tableSize()).isZero();
  }

  @Test
  void encoderIndexesRepeatedFieldsAndUsesTheStaticTable() throws Exception {
    HpackEncoder encoder = new HpackEncoder();
    assertThat(encoder.encode(List.of(field(":method", "GET")))).isEqualTo(hex("82"));
    encoder.encode(List.of(field("custom-key", "custom-value")));
    assertThat(encoder.encode(List.of(field("custom-key", "custom-value")))).isEqualTo(hex("be"));
  }

  @Test
  void encoderAnnouncesTheSmallestAndTheFinalTableSize() throws Exception {
    HpackEncoder encoder = new HpackEncoder(4096, false);
    encoder.setPeerMaxTableSize(0);
    encoder.setPeerMaxTableSize(100);
    ByteString block = encoder.encode(List.of(field(":method", "GET")));
    assertThat(block).isEqualTo(hex("20 3f45 82"));
    HpackDecoder decoder = new HpackDecoder(4096, 65536);
    decoder.setMaxTableSize(100);
    assertThat(decoder.decode(block)).containsExactly(field(":method", "GET"));
  }

  @Test
  void encoderKeepsItsCapWhateverThePeerAllows() throws Exception {
    HpackEncoder encoder = new HpackEncoder(256, true);
    encoder.setPeerMaxTableSize(1L << 32 - 1);
    HpackDecoder decoder = new HpackDecoder(1 << 20, 1 << 20);
    List<HeaderField> fields = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      fields.add(field("x-" + i, "v" + i));
    }
    assertThat(decoder.decode(encoder.encode(fields))).isEqualTo(fields);
    assertThat(decoder.tableSize()).isLessThanOrEqualTo(256);
  }

  @Test
  void huffmanRoundTripsEveryOctet() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int c = 0; c < 256; c++) {
      all.append((char) c);
    }
    String text = all.toString();
    byte[] out = new byte[Huffman.encodedLength(text)];
    assertThat(Huffman.encode(text, out, 0)).isEqualTo(out.length);
    assertThat(Huffman.decode(out, 0, out.length)).isEqualTo(text);
  }

  @Test
  void huffmanCodesAsTheRfcSays() throws Exception {
    // RFC 7541 C.4.1: "www.example.com"
    byte[] out = new byte[Huffman.encodedLength("www.example.com")];
    Huffman.encode("www.example.com", out, 0);
    assertThat(ByteString.of(out)).isEqualTo(hex("f1e3 c2e5 f23a 6ba0 ab90 f4ff"));
  }

  /** A literal with incremental indexing and a new name, without Huffman. */
  private static ByteString literalWithIndexing(String name, String value) {
    HpackEncoder encoder = new HpackEncoder(0, false);
    ByteString withoutIndexing = encoder.encode(List.of(field(name, value)));
    // the cap-0 encoder starts with a size update to 0 (one octet 0x20), then a literal
    // without indexing (0x00): make it a literal with incremental indexing (0x40)
    byte[] bytes = withoutIndexing.substring(1, withoutIndexing.size()).toByteArray();
    bytes[0] = 0x40;
    return ByteString.wrapOwned(bytes);
  }
}
