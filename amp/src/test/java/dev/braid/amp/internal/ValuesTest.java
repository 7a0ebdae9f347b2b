package dev.braid.amp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.amp.AmpDecimal;
import dev.braid.amp.AmpLimits;
import dev.braid.amp.AmpValueException;
import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class ValuesTest {
  private static ByteString ascii(String s) {
    return ByteString.ascii(s);
  }

  record Pair(long id, String name) {}

  @Test
  void floatsAreWrittenAsPythonsReprWrites() {
    // Each pair: the value (as Python's float.hex) and Python 3.11's repr of it.
    String[][] table = {
      {"0x0.0p+0", "0.0"},
      {"-0x0.0p+0", "-0.0"},
      {"0x1.0p+0", "1.0"},
      {"0x1.8p+0", "1.5"},
      {"-0x1.2p+1", "-2.25"},
      {"0x1.999999999999ap-4", "0.1"},
      {"0x1.5555555555555p-2", "0.3333333333333333"},
      {"0x1.1c37937e08000p+53", "1e+16"},
      {"0x1.c6bf526340000p+49", "1000000000000000.0"},
      {"0x1.b69b4ba630f35p+56", "1.2345678901234568e+17"},
      {"0x1.a36e2eb1c432dp-14", "0.0001"},
      {"0x1.4f8b588e368f1p-17", "1e-05"},
      {"0x1.f75104d551d69p-17", "1.5e-05"},
      {"0x1.7e43c8800759cp+996", "1e+300"},
      {"0x1.56e1fc2f8f359p-997", "1e-300"},
      {"0x0.0000000000001p-1022", "5e-324"},
      {"0x1.fffffffffffffp+1023", "1.7976931348623157e+308"},
      {"0x1.0p+53", "9007199254740992.0"},
      {"0x1.9p+6", "100.0"},
      {"0x1.81cd6c8b43958p+13", "12345.678"},
    };
    for (String[] row : table) {
      double value = Double.parseDouble(row[0]);
      assertThat(Values.pythonFloatRepr(value)).as(row[0]).isEqualTo(row[1]);
      assertThat(Values.FLOAT_CODEC.decode(ascii(row[1]))).as(row[1]).isEqualTo(value);
    }
  }

  @Test
  void nanAndInfinitiesAreSpelledAsPythonSpellsThem() {
    assertThat(Values.FLOAT_CODEC.encode(Double.NaN)).isEqualTo(ascii("nan"));
    assertThat(Values.FLOAT_CODEC.encode(Double.POSITIVE_INFINITY)).isEqualTo(ascii("inf"));
    assertThat(Values.FLOAT_CODEC.encode(Double.NEGATIVE_INFINITY)).isEqualTo(ascii("-inf"));
    assertThat(Values.FLOAT_CODEC.decode(ascii("-Infinity"))).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Values.FLOAT_CODEC.decode(ascii("NaN"))).isNaN();
    assertThatThrownBy(() -> Values.FLOAT_CODEC.decode(ascii("0x1p3")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.FLOAT_CODEC.decode(ascii("1d")))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void integersHaveAnySizeAndLongsAndIntsCheckTheirRange() {
    BigInteger big = BigInteger.TWO.pow(100).negate();
    assertThat(Values.BIG_INTEGER.encode(big)).isEqualTo(ascii(big.toString()));
    assertThat(Values.BIG_INTEGER.decode(ascii("+17"))).isEqualTo(BigInteger.valueOf(17));
    assertThat(Values.LONG.decode(ascii("-9223372036854775808"))).isEqualTo(Long.MIN_VALUE);
    assertThatThrownBy(() -> Values.LONG.decode(ascii("9223372036854775808")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.INT.decode(ascii("2147483648")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.LONG.decode(ascii("12a")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.LONG.decode(ByteString.EMPTY))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void integersAreBoundedInDigitsBothWaysAlsoInsideLists() {
    AmpLimits five = AmpLimits.DEFAULTS.withMaxIntegerDigits(5);
    assertThat(Values.BIG_INTEGER.decode(ascii("-99999"), five)).isEqualTo(-99999);
    assertThatThrownBy(() -> Values.BIG_INTEGER.decode(ascii("+100000"), five))
        .isInstanceOf(AmpValueException.class)
        .hasMessage("an Integer of 6 digits; AmpLimits.maxIntegerDigits is 5");
    assertThatThrownBy(() -> Values.LONG.decode(ascii("000001"), five))
        .isInstanceOf(AmpValueException.class);
    assertThat(Values.BIG_INTEGER.encode(BigInteger.valueOf(-99999), five))
        .isEqualTo(ascii("-99999"));
    assertThatThrownBy(() -> Values.BIG_INTEGER.encode(BigInteger.valueOf(100000), five))
        .isInstanceOf(AmpValueException.class)
        .hasMessageContaining("6 digits");
    assertThatThrownBy(() -> Values.BIG_INTEGER.encode(BigInteger.TWO.pow(1 << 20), five))
        .isInstanceOf(AmpValueException.class)
        .hasMessageContaining("at least 315653 digits");
    ValueCodec<List<BigInteger>> list = Values.listOf(Values.BIG_INTEGER);
    ByteString wire = list.encode(List.of(BigInteger.ONE, BigInteger.TEN.pow(5)));
    assertThatThrownBy(() -> list.decode(wire, five)).isInstanceOf(AmpValueException.class);
    assertThat(Values.BIG_INTEGER.decode(ascii("9".repeat(4300)))).hasToString("9".repeat(4300));
    assertThatThrownBy(() -> Values.BIG_INTEGER.decode(ascii("9".repeat(4301))))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.LONG.decode(ascii("9".repeat(4000))))
        .hasMessage("the Integer " + "9".repeat(40) + "... (4000 digits) does not fit in a long");
  }

  @Test
  void booleansAreExactlyTrueOrFalse() {
    assertThat(Values.BOOLEAN.encode(true)).isEqualTo(ascii("True"));
    assertThat(Values.BOOLEAN.decode(ascii("False"))).isFalse();
    assertThatThrownBy(() -> Values.BOOLEAN.decode(ascii("true")))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void unicodeIsStrictUtf8BothWays() {
    String outsideBmp = "\uD83D\uDE00 \u4e16";
    assertThat(Values.UNICODE.decode(Values.UNICODE.encode(outsideBmp))).isEqualTo(outsideBmp);
    assertThat(Values.UNICODE.encode(outsideBmp).size()).isEqualTo(8);
    assertThatThrownBy(() -> Values.UNICODE.encode("\uD83D")).isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.UNICODE.decode(ByteString.of((byte) 0xC3)))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void dateTimesAreThirtyTwoCharactersWithTheOffset() {
    OffsetDateTime india =
        OffsetDateTime.of(2024, 2, 29, 23, 59, 58, 123_456_789, ZoneOffset.ofHoursMinutes(5, 30));
    assertThat(Values.DATE_TIME_CODEC.encode(india))
        .isEqualTo(ascii("2024-02-29T23:59:58.123456+05:30"));
    assertThat(
            Values.DATE_TIME_CODEC.encode(
                OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-12, -45))))
        .isEqualTo(ascii("0001-01-01T00:00:00.000000-12:45"));
    // Twisted writes a zero offset with a minus sign.
    assertThat(
            Values.DATE_TIME_CODEC.encode(
                OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
        .isEqualTo(ascii("2000-01-01T00:00:00.000000-00:00"));
    assertThat(Values.DATE_TIME_CODEC.decode(ascii("2024-02-29T23:59:58.123456+05:30")))
        .isEqualTo(india.withNano(123_456_000));
    assertThatThrownBy(() -> Values.DATE_TIME_CODEC.decode(ascii("2024-02-29T23:59:58+05:30")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(
            () -> Values.DATE_TIME_CODEC.decode(ascii("2024-02-30T23:59:58.000000+05:30")))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void decimalsKeepPythonsStringsIncludingSpecialValues() {
    for (String s : List.of("1E+2", "0.000001000", "1.23E-7", "100", "-1234.5678", "0")) {
      AmpDecimal d = Values.DECIMAL.decode(ascii(s));
      assertThat(d).isInstanceOf(AmpDecimal.Finite.class);
      assertThat(Values.DECIMAL.encode(d)).as(s).isEqualTo(ascii(s));
    }
    assertThat(Values.DECIMAL.encode(Values.DECIMAL.decode(ascii("1e-7"))))
        .isEqualTo(ascii("1E-7"));
    assertThat(Values.DECIMAL.decode(ascii("-Infinity"))).isEqualTo(new AmpDecimal.Infinity(true));
    assertThat(Values.DECIMAL.decode(ascii("-sNaN"))).isEqualTo(new AmpDecimal.NaN(true, true, ""));
    assertThat(Values.DECIMAL.encode(new AmpDecimal.NaN(false, false, "12")))
        .isEqualTo(ascii("NaN12"));
    assertThat(Values.BIG_DECIMAL.decode(ascii("2.50"))).isEqualTo(new BigDecimal("2.50"));
    assertThatThrownBy(() -> Values.BIG_DECIMAL.decode(ascii("NaN")))
        .isInstanceOf(AmpValueException.class);
    assertThatThrownBy(() -> Values.DECIMAL.decode(ascii("1..2")))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void listOfPrefixesEachElementWithItsLength() {
    ValueCodec<List<String>> codec = Values.listOf(Values.UNICODE);
    ByteString wire = codec.encode(List.of("ab", ""));

    assertThat(wire)
        .isEqualTo(ByteString.of((byte) 0, (byte) 2, (byte) 'a', (byte) 'b', (byte) 0, (byte) 0));
    assertThat(codec.decode(wire)).containsExactly("ab", "");
    assertThatThrownBy(() -> codec.decode(wire.substring(0, 3)))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void ampListIsTheBoxesOneAfterTheOther() {
    ValueCodec<List<Pair>> codec = Values.ampList(RecordCodec.of(Pair.class));
    List<Pair> pairs = List.of(new Pair(1, "one"), new Pair(-2, ""));
    ByteString wire = codec.encode(pairs);

    assertThat(wire.size())
        .isEqualTo(2 * 2 + (2 + 2 + 2 + 1) + (2 + 4 + 2 + 3) + (2 + 2 + 2 + 2) + (2 + 4 + 2));
    assertThat(codec.decode(wire)).isEqualTo(pairs);
    assertThatThrownBy(() -> codec.decode(wire.substring(0, wire.size() - 1)))
        .isInstanceOf(AmpValueException.class);
  }

  @Test
  void aRecordDecodesFromItsKeysAndIgnoresOthers() {
    RecordCodec<Pair> codec = RecordCodec.of(Pair.class);
    var box =
        dev.braid.amp.AmpBox.builder().put("name", "x").put("id", "7").put("extra", "1").build();

    assertThat(codec.decode(box)).isEqualTo(new Pair(7, "x"));
    assertThat(codec.describe()).containsExactly("id: Integer", "name: Unicode");
    assertThatThrownBy(() -> codec.decode(dev.braid.amp.AmpBox.builder().put("id", "7").build()))
        .isInstanceOf(AmpValueException.class)
        .hasMessageContaining("no name");
  }
}
