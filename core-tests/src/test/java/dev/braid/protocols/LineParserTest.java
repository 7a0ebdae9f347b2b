package dev.braid.protocols;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@BraidTest
class LineParserTest {
  private static final ByteString CRLF = ByteString.ascii("\r\n");

  /** Whole, one byte at a time, cut in two everywhere, and random chunks. */
  private static final ProtocolFeeder ALL_WAYS =
      ProtocolFeeder.standard().withEveryTwoPieceSplit().withRandomChunks(42, 8);

  /**
   * Feeds every split of {@code input} to a fresh parser and checks the events: each line as text,
   * each over-long line as "!" + its start. After an error the same buffer is fed again, as the
   * parser's contract allows.
   */
  private static void assertParses(
      int max, ByteString delimiter, String input, String... expectedEvents) {
    assertParses(() -> new LineParser(max, delimiter), input, expectedEvents);
  }

  private static void assertParses(
      Supplier<LineParser> newParser, String input, String... expectedEvents) {
    ALL_WAYS.forEachSplit(
        input,
        split -> {
          var parser = newParser.get();
          List<String> events = new ArrayList<>();
          split.feed(chunk -> feedAll(parser, chunk, events));
          assertThat(events).containsExactly(expectedEvents);
        });
  }

  private static void feedAll(LineParser parser, ByteBuffer chunk, List<String> events) {
    while (true) {
      try {
        parser.feed(chunk, line -> events.add(line.utf8()));
        return;
      } catch (LineTooLongException e) {
        assertThat(e.maxLineLength()).isEqualTo(parser.maxLineLength());
        events.add("!" + e.lineStart().utf8());
      }
    }
  }

  @Test
  void splitsCrlfLinesHoweverTheInputIsCut() {
    assertParses(100, CRLF, "one\r\ntwo\r\nthree\r\n", "one", "two", "three");
  }

  @Test
  void lfOrCrlfEndsALineAtLfAndStripsACrBeforeIt() {
    assertParses(
        () -> new LineParser(100, LineEnding.LF_OR_CRLF),
        "nc\ntelnet\r\n\n\r\na\rb\r\r\n",
        "nc",
        "telnet",
        "",
        "",
        "a\rb\r");
  }

  @Test
  void lfOrCrlfDoesNotCountTheCrTowardTheLimitAndReportsOverLongLinesAlike() {
    assertParses(
        () -> new LineParser(3, LineEnding.LF_OR_CRLF),
        "abc\r\nabc\nabcd\nabcd\r\nway too long\r\nok\n",
        "abc",
        "abc",
        "!abcd",
        "!abcd",
        "!way ",
        "ok");
  }

  @Test
  void crlfLineEndingIsTheStrictDefault() {
    assertParses(() -> new LineParser(100, LineEnding.CRLF), "a\nb\r\nc\r\n", "a\nb", "c");
  }

  @Test
  void emptyLinesAreDelivered() {
    assertParses(100, CRLF, "\r\n\r\nx\r\n\r\n", "", "", "x", "");
  }

  @Test
  void aLoneCrOrLfIsPartOfTheLine() {
    assertParses(100, CRLF, "a\rb\nc\r\r\n\n\r\n", "a\rb\nc\r", "\n");
  }

  @Test
  void anUnfinishedLineIsHeldUntilItsDelimiterComes() throws Exception {
    var parser = new LineParser(100, CRLF);
    List<ByteString> lines = new ArrayList<>();
    parser.feed(ByteString.ascii("done\r\npart").asByteBuffer(), lines::add);
    assertThat(lines).containsExactly(ByteString.ascii("done"));
    assertThat(parser.bufferedBytes()).isEqualTo(4);
    assertThat(parser.remainder()).isEqualTo(ByteString.ascii("part"));
    parser.feed(ByteString.ascii("ial\r").asByteBuffer(), lines::add);
    assertThat(parser.remainder()).isEqualTo(ByteString.ascii("partial\r"));
    parser.feed(ByteString.ascii("\n").asByteBuffer(), lines::add);
    assertThat(lines).containsExactly(ByteString.ascii("done"), ByteString.ascii("partial"));
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void clearReturnsAndForgetsTheUnfinishedLine() throws Exception {
    var parser = new LineParser(100, CRLF);
    parser.feed(ByteString.ascii("abc").asByteBuffer(), line -> {});
    assertThat(parser.clear()).isEqualTo(ByteString.ascii("abc"));
    assertThat(parser.remainder()).isEqualTo(ByteString.EMPTY);
    List<ByteString> lines = new ArrayList<>();
    parser.feed(ByteString.ascii("d\r\n").asByteBuffer(), lines::add);
    assertThat(lines).containsExactly(ByteString.ascii("d"));
  }

  @Test
  void nextStopsAfterEachLineAndLeavesTheRestOfTheBuffer() throws Exception {
    var parser = new LineParser(100, CRLF);
    ByteBuffer data = ByteString.ascii("a\r\nb\r\nc").asByteBuffer();
    assertThat(parser.next(data)).contains(ByteString.ascii("a"));
    assertThat(data.remaining()).isEqualTo(4);
    assertThat(parser.next(data)).contains(ByteString.ascii("b"));
    assertThat(parser.next(data)).isEmpty();
    assertThat(data.hasRemaining()).isFalse();
    assertThat(parser.remainder()).isEqualTo(ByteString.ascii("c"));
  }

  @Test
  void aLineExactlyAtTheLimitIsAccepted() {
    assertParses(5, CRLF, "12345\r\n123456\r\nok\r\n", "12345", "!123456", "ok");
  }

  @Test
  void aLineExactlyAtTheLimitIsAcceptedWithALongDelimiter() {
    assertParses(3, ByteString.ascii("<END>"), "abc<END>abcd<END>x<END>", "abc", "!abcd", "x");
  }

  @Test
  void anOverLongLineIsSkippedAndParsingGoesOnAfterIt() {
    assertParses(
        3, CRLF, "ok\r\nway too long\r\nfin\r\nabcd\r\n\r\n", "ok", "!way ", "fin", "!abcd", "");
  }

  @Test
  void skippingAnOverLongLineFindsADelimiterCutAcrossChunks() {
    // "abcd\r" fills the window: the '\r' held while skipping must still start the delimiter.
    assertParses(3, CRLF, "abcd\r\nxy\r\n", "!abcd", "xy");
    assertParses(3, CRLF, "abcdefgh\r\r\nxy\r\n", "!abcd", "xy");
  }

  @Test
  void anOverLongLineIsReportedBeforeItsDelimiterArrives() {
    var parser = new LineParser(4, CRLF);
    ByteBuffer data = ByteString.ascii("abcde").asByteBuffer();
    assertThatThrownBy(() -> parser.feed(data, line -> {}))
        .isInstanceOfSatisfying(
            LineTooLongException.class,
            e -> assertThat(e.lineStart()).isEqualTo(ByteString.ascii("abcde")));
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void aPossibleDelimiterStartIsNotReportedTooEarly() throws Exception {
    // With max 4, "abcd\r" may still be the line "abcd": no error until the next byte.
    var parser = new LineParser(4, CRLF);
    List<ByteString> lines = new ArrayList<>();
    parser.feed(ByteString.ascii("abcd\r").asByteBuffer(), lines::add);
    assertThat(parser.bufferedBytes()).isEqualTo(5);
    parser.feed(ByteString.ascii("\n").asByteBuffer(), lines::add);
    assertThat(lines).containsExactly(ByteString.ascii("abcd"));
  }

  @Test
  void heldBytesNeverExceedTheLimitWhenNoDelimiterHasBegun() throws Exception {
    var parser = new LineParser(10, CRLF);
    int maxHeld = 0;
    for (int i = 0; i < 100; i++) {
      try {
        parser.feed(ByteString.ascii("x").asByteBuffer(), line -> {});
      } catch (LineTooLongException e) {
        // expected once, then the parser skips
      }
      maxHeld = Math.max(maxHeld, parser.bufferedBytes());
    }
    assertThat(maxHeld).isEqualTo(10);
  }

  @Test
  void aMultiByteDelimiterCutAcrossChunksIsFound() {
    var end = ByteString.ascii("<END>");
    assertParses(100, end, "a<END>b<EN<END><E<END>", "a", "b<EN", "<E");
  }

  @Test
  void aSelfOverlappingDelimiterEndsTheLineAtItsFirstOccurrence() {
    var aab = ByteString.ascii("aab");
    assertParses(100, aab, "xaaabyaabaab", "xa", "y", "");
  }

  @Test
  void aOneByteDelimiterWorks() {
    assertParses(100, ByteString.ascii("\n"), "a\n\nbc\n", "a", "", "bc");
  }

  @Test
  void aZeroLimitAcceptsOnlyEmptyLines() {
    assertParses(0, CRLF, "\r\nx\r\n\r\n", "", "!x", "");
  }

  @Test
  void bytesOutsideAsciiPassThroughUnchanged() {
    var input = ByteString.of((byte) 0xff, (byte) 0x00, (byte) 0x80, (byte) '\r', (byte) '\n');
    ALL_WAYS.forEachSplit(
        input,
        split -> {
          var parser = new LineParser(10, CRLF);
          List<ByteString> lines = new ArrayList<>();
          split.feed(chunk -> parser.feed(chunk, lines::add));
          assertThat(lines).containsExactly(input.substring(0, 3));
        });
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> new LineParser(-1, CRLF)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LineParser(10, ByteString.EMPTY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new LineParser(10, CRLF).delimiter()).isEqualTo(CRLF);
  }
}
