package dev.braid.pb.jelly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.pb.banana.BananaEncoder;
import dev.braid.pb.banana.BananaItem;
import dev.braid.pb.banana.BananaParser;
import dev.braid.pb.banana.TwistedVectors;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Jelly against Twisted's own jelly ({@code pb/jelly_vectors.txt}, written by {@code
 * pb/jelly_vectors.py}): each value Twisted jellied unjellies to the Java value it stands for, and
 * each Java value jellies to Twisted's bytes; names nobody registered are refused.
 */
class JellyTest {
  record Point(long x, long y, String label) {}

  static final JellyTypes TYPES =
      JellyTypes.builder().record("braid.test.Point", Point.class).build();

  static Map<String, ByteString> vectors() throws IOException {
    return TwistedVectors.read("jelly_vectors.txt");
  }

  static BananaItem parse(ByteString bytes) throws Exception {
    BananaParser parser = new BananaParser();
    parser.useVocabulary();
    List<BananaItem> items = new ArrayList<>();
    parser.feed(bytes.asByteBuffer(), items::add);
    assertThat(items).hasSize(1);
    return items.getFirst();
  }

  private static Map<String, Object> plain() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("none", PyNone.NONE);
    values.put("true", true);
    values.put("false", false);
    values.put("zero", 0L);
    values.put("huge", BigInteger.TWO.pow(200));
    values.put("huge-neg", BigInteger.TWO.pow(200).negate().subtract(BigInteger.ONE));
    values.put("int-min", Long.MIN_VALUE);
    values.put("float", 2.25);
    values.put("nan", Double.NaN);
    values.put("inf", Double.POSITIVE_INFINITY);
    values.put("minus-inf", Double.NEGATIVE_INFINITY);
    values.put("bytes", ByteString.of((byte) 0, (byte) 0xff, (byte) 'b', (byte) 'i', (byte) 'n'));
    values.put("empty-bytes", ByteString.EMPTY);
    values.put("unicode", "h\u00e9llo");
    values.put("empty-unicode", "");
    values.put("non-bmp", "\uD83D\uDE00 and \u20ac");
    values.put("vocab-word-bytes", ByteString.ascii("None"));
    values.put("list", List.of(1L, "a", ByteString.ascii("b"), PyNone.NONE));
    values.put("empty-list", List.of());
    values.put("tuple", Tuple.of(1L, Tuple.of(2L, 3L), Tuple.of()));
    Map<Object, Object> dict = new LinkedHashMap<>();
    dict.put("a", 1L);
    dict.put(ByteString.ascii("b"), List.of(2L));
    values.put("dict", dict);
    values.put("empty-dict", Map.of());
    values.put("set", Set.of(7L));
    values.put("decimal", new BigDecimal("-12.345"));
    values.put("copyable", new Point(3, -4, "here"));
    values.put("nested", List.of(List.of(List.of(List.of(List.of("deep"))))));
    return values;
  }

  @Test
  void basicValuesAndCopiesUnjellyFromTwistedsBytes() throws Exception {
    Map<String, ByteString> vectors = vectors();
    Jelly jelly = new Jelly(TYPES);
    for (var each : plain().entrySet()) {
      assertThat(jelly.unjelly(parse(vectors.get(each.getKey()))))
          .as(each.getKey())
          .isEqualTo(each.getValue());
    }
    assertThat(jelly.unjelly(parse(vectors.get("frozenset")))).isEqualTo(Set.of(8L));
  }

  @Test
  void basicValuesAndCopiesJellyToTwistedsBytes() throws Exception {
    Map<String, ByteString> vectors = vectors();
    Jelly jelly = new Jelly(TYPES);
    BananaEncoder encoder = new BananaEncoder();
    for (var each : plain().entrySet()) {
      assertThat(encoder.encodeToBytes(jelly.jelly(each.getValue()), true))
          .as(each.getKey())
          .isEqualTo(vectors.get(each.getKey()));
    }
  }

  @Test
  void sharedAndCircularStructuresComeBackSharedAndCircular() throws Exception {
    Map<String, ByteString> vectors = vectors();
    Jelly jelly = new Jelly(TYPES);

    List<?> shared = (List<?>) jelly.unjelly(parse(vectors.get("shared")));
    assertThat(shared.get(0)).isSameAs(shared.get(1)).isEqualTo(List.of(1L, 2L));

    List<?> circular = (List<?>) jelly.unjelly(parse(vectors.get("circular-list")));
    assertThat(circular).hasSize(1);
    assertThat(circular.getFirst()).isSameAs(circular);

    Map<?, ?> looped = (Map<?, ?>) jelly.unjelly(parse(vectors.get("circular-dict")));
    assertThat(looped.get("name")).isEqualTo("loop");
    assertThat(looped.get("self")).isSameAs(looped);

    Tuple tuple = (Tuple) jelly.unjelly(parse(vectors.get("circular-tuple")));
    assertThat(((List<?>) tuple.get(0)).getFirst()).isSameAs(tuple);

    List<?> points = (List<?>) jelly.unjelly(parse(vectors.get("shared-copyable")));
    assertThat(points.get(0)).isSameAs(points.get(1)).isEqualTo(new Point(1, 2, "p"));
  }

  @Test
  void sharedAndCircularJavaStructuresJellyAsTwistedDoes() throws Exception {
    Map<String, ByteString> vectors = vectors();
    Jelly jelly = new Jelly(TYPES);
    BananaEncoder encoder = new BananaEncoder();

    List<Long> pair = List.of(1L, 2L);
    assertThat(encoder.encodeToBytes(jelly.jelly(List.of(pair, pair)), true))
        .isEqualTo(vectors.get("shared"));

    List<Object> circular = new ArrayList<>();
    circular.add(circular);
    assertThat(encoder.encodeToBytes(jelly.jelly(circular), true))
        .isEqualTo(vectors.get("circular-list"));

    Map<String, Object> looped = new LinkedHashMap<>();
    looped.put("name", "loop");
    looped.put("self", looped);
    assertThat(encoder.encodeToBytes(jelly.jelly(looped), true))
        .isEqualTo(vectors.get("circular-dict"));

    Point point = new Point(1, 2, "p");
    assertThat(encoder.encodeToBytes(jelly.jelly(List.of(point, point)), true))
        .isEqualTo(vectors.get("shared-copyable"));
  }

  @Test
  void aNameNobodyRegisteredIsRefusedNeverInstantiated() throws Exception {
    Map<String, ByteString> vectors = vectors();
    Jelly jelly = new Jelly(TYPES);
    assertThatThrownBy(() -> jelly.unjelly(parse(vectors.get("unregistered"))))
        .isInstanceOf(JellyException.class)
        .hasMessageContaining("unregistered type name __main__.Secret");
    for (String name : List.of("class", "module", "function")) {
      assertThatThrownBy(() -> jelly.unjelly(parse(vectors.get(name))))
          .as(name)
          .isInstanceOf(JellyException.class)
          .hasMessageContaining("unregistered type name " + name);
    }
    assertThatThrownBy(() -> new Jelly(JellyTypes.none()).unjelly(parse(vectors.get("copyable"))))
        .hasMessageContaining("unregistered type name braid.test.Point");
    assertThatThrownBy(
            () ->
                jelly.unjelly(
                    BananaItem.Items.of(
                        BananaItem.Bytes.of("java.lang.ProcessBuilder"), BananaItem.Items.of())))
        .hasMessageContaining("unregistered type name java.lang.ProcessBuilder");
  }

  @Test
  void aDereferenceToAnObjectNeverSentIsRefused() throws Exception {
    assertThatThrownBy(() -> new Jelly(TYPES).unjelly(parse(vectors().get("dangling"))))
        .isInstanceOf(JellyException.class)
        .hasMessageContaining("a dereference to 9, which was never sent");
  }

  @Test
  void malformedJellyIsRefusedWithAReason() {
    Jelly jelly = new Jelly(TYPES);
    assertThatThrownBy(() -> jelly.unjelly(BananaItem.Items.of()))
        .hasMessageContaining("does not start with a type name");
    assertThatThrownBy(
            () ->
                jelly.unjelly(
                    BananaItem.Items.of(
                        BananaItem.Bytes.of("unicode"),
                        new BananaItem.Bytes(ByteString.of((byte) 0xff)))))
        .hasMessageContaining("not UTF-8");
    assertThatThrownBy(
            () ->
                jelly.unjelly(
                    BananaItem.Items.of(BananaItem.Bytes.of("dictionary"), BananaItem.Int.of(1))))
        .hasMessageContaining("not a [key, value] pair");
    assertThatThrownBy(
            () ->
                jelly.unjelly(
                    BananaItem.Items.of(
                        BananaItem.Bytes.of("braid.test.Point"),
                        BananaItem.Items.of(BananaItem.Bytes.of("dictionary")))))
        .hasMessageContaining("has no x");
  }

  @Test
  void aJavaValueOfNoJellyTypeIsRefusedWhenSent() {
    assertThatThrownBy(() -> new Jelly(TYPES).jelly(new StringBuilder()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("register it in JellyTypes");
  }
}
