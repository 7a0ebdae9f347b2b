package dev.braid.pb.banana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.pb.banana.BananaItem.Bytes;
import dev.braid.pb.banana.BananaItem.Int;
import dev.braid.pb.banana.BananaItem.Items;
import dev.braid.pb.banana.BananaItem.Real;
import dev.braid.testing.ProtocolFeeder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Banana against the bytes Twisted itself sends ({@code pb/banana_vectors.txt}, written by {@code
 * pb/banana_vectors.py}): each decodes to the value Twisted encoded, whatever the splits, and each
 * value encodes to Twisted's bytes.
 */
class BananaParserTest {
  private static final BigInteger TWO = BigInteger.TWO;

  static Map<String, ByteString> twistedVectors() throws IOException {
    return TwistedVectors.read("banana_vectors.txt");
  }

  private static Map<String, BananaItem> expected() {
    Map<String, BananaItem> values = new LinkedHashMap<>();
    values.put("zero", Int.of(0));
    values.put("one", Int.of(1));
    values.put("127", Int.of(127));
    values.put("128", Int.of(128));
    values.put("int-max", Int.of(Integer.MAX_VALUE));
    values.put("long-min", Int.of(1L << 31));
    values.put("minus-one", Int.of(-1));
    values.put("int-min", Int.of(Integer.MIN_VALUE));
    values.put("longneg-min", Int.of(Integer.MIN_VALUE - 1L));
    values.put("huge", new Int(TWO.pow(300).add(BigInteger.valueOf(12345))));
    values.put("huge-neg", new Int(TWO.pow(300).add(BigInteger.valueOf(12345)).negate()));
    values.put("largest", new Int(TWO.pow(448).subtract(BigInteger.ONE)));
    values.put("float", new Real(1.5));
    values.put("float-neg-zero", new Real(-0.0));
    values.put("float-inf", new Real(Double.POSITIVE_INFINITY));
    values.put("float-minus-inf", new Real(Double.NEGATIVE_INFINITY));
    values.put("float-nan", new Real(Double.NaN));
    values.put("empty-string", new Bytes(ByteString.EMPTY));
    values.put("string", Bytes.of("hello"));
    byte[] all = new byte[200];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) i;
    }
    values.put("string-200", new Bytes(ByteString.of(all)));
    values.put("empty-list", Items.of());
    values.put(
        "list",
        Items.of(
            Int.of(1),
            Bytes.of("two"),
            new Real(3.0),
            Items.of(),
            Items.of(Items.of(Bytes.of("x")))));
    values.put("dialects", Items.of(Bytes.of("pb"), Bytes.of("none")));
    values.put(
        "pb-vocab",
        Items.of(
            Bytes.of("message"), Bytes.of("None"), Bytes.of("answer"), Bytes.of("not a word")));
    values.put("pb-version", Items.of(Bytes.of("version"), Int.of(6)));
    return values;
  }

  static List<BananaItem> parseAll(ProtocolFeeder.Split split, BananaParser parser)
      throws Exception {
    List<BananaItem> out = new ArrayList<>();
    split.feed(chunk -> parser.feed(chunk, out::add));
    return out;
  }

  @Test
  void everyValueTwistedSendsDecodesWhateverTheSplits() throws Exception {
    Map<String, ByteString> vectors = twistedVectors();
    assertThat(vectors.keySet()).containsExactlyElementsOf(expected().keySet());
    expected()
        .forEach(
            (name, value) -> {
              boolean pb = name.startsWith("pb-");
              List<BananaItem> parsed =
                  ProtocolFeeder.everyWay()
                      .sameResult(
                          vectors.get(name),
                          split -> {
                            BananaParser parser = new BananaParser();
                            if (pb) {
                              parser.useVocabulary();
                            }
                            List<BananaItem> out = parseAll(split, parser);
                            assertThat(parser.bufferedBytes()).isZero();
                            return out;
                          });
              assertThat(parsed).as(name).containsExactly(value);
            });
  }

  @Test
  void everyValueEncodesToTwistedsBytes() throws Exception {
    Map<String, ByteString> vectors = twistedVectors();
    BananaEncoder encoder = new BananaEncoder();
    expected()
        .forEach(
            (name, value) ->
                assertThat(encoder.encodeToBytes(value, name.startsWith("pb-")))
                    .as(name)
                    .isEqualTo(vectors.get(name)));
  }

  @Test
  void severalExpressionsInOneChunkComeOutOneByOne() throws Exception {
    BananaEncoder encoder = new BananaEncoder();
    ByteString two =
        encoder
            .encodeToBytes(Int.of(5), false)
            .concat(encoder.encodeToBytes(Items.of(Bytes.of("a")), false));
    BananaParser parser = new BananaParser();
    ByteBuffer data = two.asByteBuffer();
    assertThat(parser.next(data)).contains(Int.of(5));
    assertThat(parser.next(data)).contains(Items.of(Bytes.of("a")));
    assertThat(data.hasRemaining()).isFalse();
  }

  @Test
  void aPrefixLongerThanSixtyFourBytesIsRefusedBeforeItsTypeByte() {
    byte[] prefix = new byte[65];
    BananaParser parser = new BananaParser();
    assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(prefix)))
        .isInstanceOf(BananaException.class)
        .hasMessageContaining("more than 64 bytes of prefix");
    assertThatThrownBy(() -> parser.next(ByteBuffer.wrap(new byte[] {(byte) 0x81})))
        .isInstanceOf(BananaException.class)
        .hasMessageContaining("already failed");
  }

  @Test
  void aStringOrListLongerThanTheSizeLimitIsRefusedBeforeItsBody() {
    ByteString string = new BananaEncoder().encodeToBytes(Bytes.of("x".repeat(11)), false);
    BananaParser parser = new BananaParser(BananaLimits.defaults().withMaxStringLength(10));
    assertThatThrownBy(() -> parser.next(string.substring(0, 2).asByteBuffer()))
        .isInstanceOf(BananaException.class)
        .hasMessageContaining("a string of 11 items; the limit is 10");
    // 640 KiB + 1 as a list length: 0x0a0001 in base 128
    ByteBuffer list = ByteBuffer.wrap(new byte[] {0x01, 0x00, 0x28, (byte) 0x80});
    assertThatThrownBy(() -> new BananaParser().next(list))
        .hasMessageContaining("a list of 655361 items; the limit is 655360");
  }

  @Test
  void listsNestedDeeperThanTheLimitAreRefused() {
    byte[] deep = new byte[2 * 201];
    for (int i = 0; i < deep.length; i += 2) {
      deep[i] = 1;
      deep[i + 1] = (byte) 0x80;
    }
    assertThatThrownBy(() -> new BananaParser().next(ByteBuffer.wrap(deep)))
        .isInstanceOf(BananaException.class)
        .hasMessageContaining("nested more than 200 deep");
    BananaParser shallow = new BananaParser();
    assertThat(
            catchingNone(
                () -> shallow.next(ByteBuffer.wrap(java.util.Arrays.copyOf(deep, 2 * 200)))))
        .isTrue();
    assertThat(shallow.bufferedBytes()).isEqualTo(400);
  }

  @Test
  void anExpressionBeyondItsByteOrItemLimitIsRefused() {
    ByteString big = new BananaEncoder().encodeToBytes(Bytes.of("y".repeat(100)), false);
    assertThatThrownBy(
            () ->
                new BananaParser(BananaLimits.defaults().withMaxExpressionBytes(50))
                    .next(big.asByteBuffer()))
        .hasMessageContaining("more than 50 bytes");
    ByteString many =
        new BananaEncoder().encodeToBytes(Items.of(Int.of(1), Int.of(2), Int.of(3)), false);
    assertThatThrownBy(
            () ->
                new BananaParser(BananaLimits.defaults().withMaxItems(3)).next(many.asByteBuffer()))
        .hasMessageContaining("more than 3 items");
  }

  @Test
  void unknownTypeBytesAndVocabularyOutsideThePbDialectAreRefused() {
    assertThatThrownBy(() -> new BananaParser().next(ByteBuffer.wrap(new byte[] {0, (byte) 0x88})))
        .hasMessageContaining("unknown type byte 0x88");
    assertThatThrownBy(() -> new BananaParser().next(ByteBuffer.wrap(new byte[] {1, (byte) 0x87})))
        .hasMessageContaining("before the pb dialect");
    BananaParser pb = new BananaParser();
    pb.useVocabulary();
    assertThatThrownBy(() -> pb.next(ByteBuffer.wrap(new byte[] {32, (byte) 0x87})))
        .hasMessageContaining("unknown vocabulary word 32");
  }

  @Test
  void theEncoderRefusesWhatTwistedRefusesToSend() {
    BananaEncoder encoder = new BananaEncoder();
    assertThatThrownBy(() -> encoder.encode(new Int(TWO.pow(448)), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
    assertThatThrownBy(() -> encoder.encode(new Int(TWO.pow(448).negate()), false))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                encoder.encode(
                    new Bytes(
                        ByteString.wrapOwned(new byte[BananaLimits.DEFAULT_MAX_STRING_LENGTH + 1])),
                    false))
        .hasMessageContaining("too long to send");
  }

  private interface Step {
    java.util.Optional<BananaItem> run() throws Exception;
  }

  private static boolean catchingNone(Step step) {
    try {
      return step.run().isEmpty();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
