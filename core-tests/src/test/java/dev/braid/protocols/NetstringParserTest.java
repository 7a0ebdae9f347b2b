package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.NetstringParseException.Reason;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class NetstringParserTest {
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(13, 8);

  /** Feeds every split; expects the given strings and then, if reason is not null, that error. */
  private static void assertParses(
      int max, String input, Reason reason, String messagePart, String... strings) {
    ALL_WAYS.forEachSplit(
        input,
        split -> {
          var parser = new NetstringParser(max);
          List<String> got = new ArrayList<>();
          if (reason == null) {
            split.feed(chunk -> parser.feed(chunk, s -> got.add(s.utf8())));
          } else {
            assertThatThrownBy(
                    () -> split.feed(chunk -> parser.feed(chunk, s -> got.add(s.utf8()))))
                .isInstanceOfSatisfying(
                    NetstringParseException.class,
                    e -> {
                      assertThat(e.reason()).isEqualTo(reason);
                      assertThat(e.getMessage()).contains(messagePart);
                    });
          }
          assertThat(got).containsExactly(strings);
        });
  }

  @Test
  void netstringsAreParsedHoweverTheInputIsCut() {
    assertParses(100, "3:abc,0:,12:hello, world,", null, "", "abc", "", "hello, world");
  }

  @Test
  void anUnfinishedNetstringIsHeld() throws Exception {
    var parser = new NetstringParser();
    List<ByteString> got = new ArrayList<>();
    parser.feed(ByteString.ascii("5:ab").asByteBuffer(), got::add);
    assertThat(parser.bufferedBytes()).isEqualTo(4);
    parser.feed(ByteString.ascii("cde").asByteBuffer(), got::add);
    assertThat(parser.bufferedBytes()).isEqualTo(7);
    assertThat(got).isEmpty();
    parser.feed(ByteString.ascii(",").asByteBuffer(), got::add);
    assertThat(got).containsExactly(ByteString.ascii("abcde"));
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void aLeadingZeroIsMalformed() {
    assertParses(100, "1:x,01:a,", Reason.MALFORMED_LENGTH, "leading zero", "x");
    assertParses(100, "00:,", Reason.MALFORMED_LENGTH, "leading zero");
  }

  @Test
  void dataNotFollowedByACommaIsAnError() {
    assertParses(100, "3:abc!", Reason.MISSING_COMMA, "got '!'");
    assertParses(100, "1:a,3:abcd,", Reason.MISSING_COMMA, "after 3 bytes", "a");
  }

  @Test
  void anEmptyLengthIsMalformed() {
    assertParses(100, ":", Reason.MALFORMED_LENGTH, "empty");
    assertParses(100, ":,", Reason.MALFORMED_LENGTH, "empty");
  }

  @Test
  void aNonDigitInTheLengthIsMalformed() {
    assertParses(100, "a:", Reason.MALFORMED_LENGTH, "got 'a'");
    assertParses(100, "-1:a,", Reason.MALFORMED_LENGTH, "got '-'");
    assertParses(100, " 3:abc,", Reason.MALFORMED_LENGTH, "byte 0x20");
    assertParses(100, "3\r\n:abc,", Reason.MALFORMED_LENGTH, "byte 0x0d");
  }

  @Test
  void aLengthAtTheLimitIsAcceptedAndOneAboveIsRejected() {
    assertParses(5, "5:abcde,6:abcdef,", Reason.LENGTH_LIMIT_EXCEEDED, "6 exceeds", "abcde");
  }

  @Test
  void hugeLengthDigitsAreRejectedAsSoonAsTheyPassTheLimit() throws Exception {
    assertParses(
        NetstringParser.DEFAULT_MAX_LENGTH,
        "9".repeat(40) + ":",
        Reason.LENGTH_LIMIT_EXCEEDED,
        "999999 exceeds the limit of 99999");
    var parser = new NetstringParser();
    var data = ByteString.ascii("1000000000000000000000000000").asByteBuffer();
    assertThatThrownBy(() -> parser.feed(data, s -> {}))
        .isInstanceOf(NetstringParseException.class);
    assertThat(data.position()).isEqualTo(6); // stopped at the digit that passed the limit
  }

  @Test
  void theParserIsSpentAfterAnError() {
    var parser = new NetstringParser();
    assertThatThrownBy(() -> parser.feed(ByteString.ascii("x").asByteBuffer(), s -> {}))
        .isInstanceOf(NetstringParseException.class);
    assertThatThrownBy(() -> parser.feed(ByteString.ascii("1:a,").asByteBuffer(), s -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("resynchronised");
  }

  @Test
  void encodeWritesLengthColonDataComma() {
    assertThat(ByteString.copyOf(NetstringParser.encode(ByteString.ascii("hello"))).utf8())
        .isEqualTo("5:hello,");
    assertThat(ByteString.copyOf(NetstringParser.encode(ByteString.EMPTY)).utf8()).isEqualTo("0:,");
  }

  @Test
  void aNegativeLimitIsRejected() {
    assertThatThrownBy(() -> new NetstringParser(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new NetstringParser().maxLength()).isEqualTo(99_999);
  }
}
