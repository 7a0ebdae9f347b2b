package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class PrefixedStringParserTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(11, 8);

  private static ByteString framed(int prefixSize, String... strings) {
    ByteString all = ByteString.EMPTY;
    for (String s : strings) {
      all =
          all.concat(
              ByteString.copyOf(PrefixedStringParser.encode(prefixSize, ByteString.utf8(s))));
    }
    return all;
  }

  /** Feeds every split to a fresh parser; strings as text, over-long ones as "!length". */
  private static void assertParses(
      ProtocolFeeder feeder, int prefixSize, int max, ByteString input, String... expected) {
    feeder.forEachSplit(
        input,
        split -> {
          var parser = new PrefixedStringParser(prefixSize, max);
          List<String> events = new ArrayList<>();
          split.feed(chunk -> feedAll(parser, chunk, events));
          assertThat(events).containsExactly(expected);
        });
  }

  private static void feedAll(PrefixedStringParser parser, ByteBuffer chunk, List<String> events) {
    while (true) {
      try {
        parser.feed(chunk, s -> events.add(s.utf8()));
        return;
      } catch (LengthLimitExceededException e) {
        assertThat(e.maxLength()).isEqualTo(parser.maxLength());
        events.add("!" + e.length());
      }
    }
  }

  @Test
  void stringsWithEachPrefixSizeAreSplitHoweverTheInputIsCut() {
    for (int prefixSize : new int[] {1, 2, 4}) {
      assertParses(
          ALL_WAYS, prefixSize, 100, framed(prefixSize, "hello", "", "w"), "hello", "", "w");
    }
  }

  @Test
  void thePrefixIsBigEndianAndUnsigned() {
    assertThat(ByteString.copyOf(PrefixedStringParser.encodePrefix(2, 0x1234)).hex())
        .isEqualTo("1234");
    assertThat(ByteString.copyOf(PrefixedStringParser.encodePrefix(4, 0xfffffffeL)).hex())
        .isEqualTo("fffffffe");
    assertThat(ByteString.copyOf(PrefixedStringParser.encodePrefix(1, 200)).hex()).isEqualTo("c8");
    // 0xc8 = 200 is a length, not -56.
    var input = ByteString.of((byte) 0xc8).concat(ByteString.ascii("y".repeat(200)));
    assertParses(ProtocolFeeder.standard(), 1, 255, input, "y".repeat(200));
  }

  @Test
  void aStringExactlyAtTheLimitIsAcceptedAndALongerOneIsSkipped() {
    assertParses(ALL_WAYS, 2, 3, framed(2, "abc", "abcd", "ok"), "abc", "!4", "ok");
  }

  @Test
  void theLongestStringEachPrefixCanCarryIsParsed() {
    String max8 = "a".repeat(255);
    assertParses(ProtocolFeeder.standard(), 1, 255, framed(1, max8, "z"), max8, "z");
    String max16 = "b".repeat(65_535);
    assertParses(ProtocolFeeder.standard(), 2, 65_535, framed(2, max16), max16);
  }

  @Test
  void aHugeInt32LengthIsReportedAsUnsigned() {
    var input = ByteString.of((byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 'x');
    assertParses(ALL_WAYS, 4, 100, input, "!4294967295");
  }

  @Test
  void stringsSplitOverChunksAreHeldAndCounted() throws Exception {
    var parser = new PrefixedStringParser(2, 100);
    List<ByteString> got = new ArrayList<>();
    parser.feed(ByteString.of((byte) 0, (byte) 5, (byte) 'a', (byte) 'b').asByteBuffer(), got::add);
    assertThat(got).isEmpty();
    assertThat(parser.bufferedBytes()).isEqualTo(4);
    parser.feed(ByteString.ascii("cde").asByteBuffer(), got::add);
    assertThat(got).containsExactly(ByteString.ascii("abcde"));
    assertThat(parser.bufferedBytes()).isZero();
    parser.feed(ByteString.of((byte) 0).asByteBuffer(), got::add);
    assertThat(parser.bufferedBytes()).isEqualTo(1);
  }

  @Test
  void nextReturnsOneStringAndLeavesTheRest() throws Exception {
    var parser = new PrefixedStringParser(1, 100);
    ByteBuffer data = framed(1, "a", "b").asByteBuffer();
    assertThat(parser.next(data)).contains(ByteString.ascii("a"));
    assertThat(data.remaining()).isEqualTo(2);
  }

  @Test
  void encodingAStringTooLongForThePrefixThrows() {
    assertThatThrownBy(() -> PrefixedStringParser.encode(1, ByteString.ascii("x".repeat(256))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bytes does not fit a 1-byte length prefix (at most 255)");
    assertThatThrownBy(() -> PrefixedStringParser.encodePrefix(2, 65_536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PrefixedStringParser.encodePrefix(2, 65_535).remaining()).isEqualTo(2);
  }

  @Test
  void settingsOutsideThePrefixRangeAreRejected() {
    assertThat(PrefixedStringParser.maxEncodableLength(1)).isEqualTo(255);
    assertThat(PrefixedStringParser.maxEncodableLength(2)).isEqualTo(65_535);
    assertThat(PrefixedStringParser.maxEncodableLength(4)).isEqualTo(4_294_967_295L);
    assertThatThrownBy(() -> PrefixedStringParser.maxEncodableLength(3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrefixedStringParser(1, 256))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrefixedStringParser(2, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
