package dev.braid.amp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.BadInputException;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

@BraidTest
class AmpBoxParserTest {
  private static final AmpBox FIRST =
      AmpBox.builder().put("_command", "Sum").put("_ask", "1").put("a", "13").build();
  private static final AmpBox SECOND =
      AmpBox.builder()
          .put("_answer", "1")
          .put("empty", ByteString.EMPTY)
          .put("big", ByteString.wrapOwned(new byte[AmpBox.MAX_VALUE_LENGTH]))
          .build();

  private static List<AmpBox> parseAll(AmpBoxParser parser, ByteBuffer chunk) throws Exception {
    List<AmpBox> boxes = new ArrayList<>();
    while (chunk.hasRemaining()) {
      Optional<AmpBox> box = parser.next(chunk);
      box.ifPresent(boxes::add);
    }
    return boxes;
  }

  private static ByteString raw(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return ByteString.wrapOwned(b);
  }

  @Test
  void boxesAreEncodedAsLengthPrefixedKeysAndValuesEndedByAnEmptyKey() {
    AmpBox box = AmpBox.builder().put("a", "13").build();

    assertThat(box.toByteString()).isEqualTo(raw(0, 1, 'a', 0, 2, '1', '3', 0, 0));
    assertThat(box.encodedSize()).isEqualTo(9);
  }

  @Test
  void twoBoxesParseTheSameWholeAndOneByteAtATime() {
    ByteString input = FIRST.toByteString().concat(SECOND.toByteString());
    ProtocolFeeder.standard()
        .forEachSplit(
            input,
            split -> {
              AmpBoxParser parser = new AmpBoxParser();
              List<AmpBox> boxes = new ArrayList<>();
              split.feed(chunk -> boxes.addAll(parseAll(parser, chunk)));
              assertThat(boxes).containsExactly(FIRST, SECOND);
              assertThat(boxes.get(0).entries().keySet())
                  .containsExactly(
                      ByteString.utf8("_command"), ByteString.utf8("_ask"), ByteString.utf8("a"));
              assertThat(parser.inBox()).isFalse();
            });
  }

  @Test
  void nextStopsRightAfterEachBoxSoTheRestCanGoElsewhere() throws Exception {
    ByteBuffer input = FIRST.toByteString().concat(ByteString.ascii("raw bytes")).asByteBuffer();
    AmpBoxParser parser = new AmpBoxParser();

    assertThat(parser.next(input)).contains(FIRST);
    assertThat(ByteString.copyOf(input)).isEqualTo(ByteString.ascii("raw bytes"));
  }

  @Test
  void anEmptyBoxIsReturnedForTheProtocolToJudge() throws Exception {
    assertThat(new AmpBoxParser().next(raw(0, 0).asByteBuffer()))
        .contains(AmpBox.builder().build());
  }

  @Test
  void aKeyLongerThan255BytesIsRejectedWhateverTheSplit() {
    ProtocolFeeder.standard()
        .forEachSplit(
            raw(1, 0, 'x'),
            split -> {
              AmpBoxParser parser = new AmpBoxParser();
              assertThatThrownBy(() -> split.feed(chunk -> parseAll(parser, chunk)))
                  .isInstanceOf(AmpParseException.class)
                  .hasMessageContaining("a key of 256 bytes");
            });
  }

  @Test
  void aRepeatedKeyInOneBoxIsRejected() {
    ByteString input = raw(0, 1, 'k', 0, 1, 'v', 0, 1, 'k', 0, 1, 'w', 0, 0);
    assertThatThrownBy(() -> parseAll(new AmpBoxParser(), input.asByteBuffer()))
        .isInstanceOf(AmpParseException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void aBoxWithMoreKeysThanTheLimitIsRejected() {
    AmpBox.Builder builder = AmpBox.builder();
    for (int i = 0; i < 4; i++) {
      builder.put("k" + i, "v");
    }
    ByteString input = builder.build().toByteString();

    assertThatThrownBy(
            () -> parseAll(new AmpBoxParser(new AmpLimits(3, 1 << 20)), input.asByteBuffer()))
        .isInstanceOf(AmpParseException.class)
        .hasMessageContaining("more than 3 keys");
  }

  @Test
  void aBoxLargerThanTheLimitIsRejectedBeforeItEnds() throws Exception {
    AmpBoxParser parser = new AmpBoxParser(AmpLimits.DEFAULTS.withMaxBoxBytes(100));
    ByteString input = SECOND.toByteString().substring(0, 200);

    assertThatThrownBy(() -> parseAll(parser, input.asByteBuffer()))
        .isInstanceOf(AmpParseException.class)
        .hasMessageContaining("more than 100 bytes");
    assertThatThrownBy(() -> parser.next(raw(0, 0).asByteBuffer()))
        .isInstanceOf(AmpParseException.class)
        .hasMessageContaining("already failed");
  }

  @Test
  void aTruncatedBoxStaysUnfinished() throws Exception {
    ByteString input = FIRST.toByteString();
    AmpBoxParser parser = new AmpBoxParser();

    assertThat(parser.next(input.substring(0, input.size() - 1).asByteBuffer())).isEmpty();
    assertThat(parser.inBox()).isTrue();
    assertThat(parser.next(input.substring(input.size() - 1, input.size()).asByteBuffer()))
        .contains(FIRST);
  }

  @Test
  void theBuilderRefusesWhatTheWireCannotCarry() {
    assertThatThrownBy(() -> AmpBox.builder().put("", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AmpBox.builder().put("k".repeat(256), "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                AmpBox.builder()
                    .put("k", ByteString.wrapOwned(new byte[AmpBox.MAX_VALUE_LENGTH + 1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 65535");
    assertThatThrownBy(() -> AmpBox.builder().put("k", "v").put("k", "w"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodeToWritesTheSameBytesAsEncode() {
    ByteBuffer out = ByteBuffer.allocate(SECOND.encodedSize());
    SECOND.encodeTo(out);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(SECOND.toByteString().toByteArray());

    assertThat(out.array()).isEqualTo(expected.toByteArray());
  }

  @Test
  void bufferedBytesCountThePartialBoxAndDropToZeroWhenItIsReturned() throws Exception {
    ByteString whole = FIRST.toByteString();
    AmpBoxParser parser = new AmpBoxParser();
    assertThat(parser.next(whole.substring(0, 5).asByteBuffer())).isEmpty();
    assertThat(parser.bufferedBytes()).isEqualTo(5);
    assertThat(parser.next(whole.substring(5, whole.size()).asByteBuffer())).contains(FIRST);
    assertThat(parser.bufferedBytes()).isZero();
  }

  @Test
  void aBadBoxIsBadInputWithoutAStackTrace() {
    AmpBoxParser parser = new AmpBoxParser();
    assertThatThrownBy(() -> parser.next(raw(0x01, 0x00).asByteBuffer()))
        .isInstanceOf(BadInputException.class)
        .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
  }
}
