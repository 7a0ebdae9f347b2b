package dev.braid.amp.internal;

import dev.braid.amp.AmpBox;
import dev.braid.amp.AmpBoxParser;
import dev.braid.amp.AmpDecimal;
import dev.braid.amp.AmpLimits;
import dev.braid.amp.AmpParseException;
import dev.braid.amp.AmpValueException;
import dev.braid.bytes.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The codecs of AMP's value types, with Twisted's wire formats (see {@code docs/amp.md}). Pure
 * functions; thread-safe.
 */
public final class Values {
  private Values() {}

  private static final Pattern FLOAT =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern FLOAT_SPECIAL =
      Pattern.compile("([+-]?)(inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL_INFINITY =
      Pattern.compile("([+-]?)(inf|infinity)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DECIMAL_NAN =
      Pattern.compile("([+-]?)(s?)nan([0-9]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern DATE_TIME =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\\.([0-9]{6})([+-])([0-9]{2}):([0-9]{2})");

  /**
   * AMP {@code Integer} as a {@link BigInteger}: decimal digits, at most {@link
   * AmpLimits#maxIntegerDigits()} of them.
   */
  public static final ValueCodec<BigInteger> BIG_INTEGER =
      limitedCodec("Integer", Values::encodeInteger, Values::decodeInteger);

  /** AMP {@code Integer} as a {@code long}; a value out of range fails to decode. */
  public static final ValueCodec<Long> LONG =
      limitedCodec(
          "Integer",
          (v, limits) -> encodeInteger(BigInteger.valueOf(v), limits),
          (w, limits) -> {
            BigInteger v = decodeInteger(w, limits);
            if (v.bitLength() > 63) {
              throw new AmpValueException("the Integer " + shown(v, w) + " does not fit in a long");
            }
            return v.longValue();
          });

  /** AMP {@code Integer} as an {@code int}; a value out of range fails to decode. */
  public static final ValueCodec<Integer> INT =
      limitedCodec(
          "Integer",
          (v, limits) -> encodeInteger(BigInteger.valueOf(v), limits),
          (w, limits) -> {
            BigInteger v = decodeInteger(w, limits);
            if (v.bitLength() > 31) {
              throw new AmpValueException("the Integer " + shown(v, w) + " does not fit in an int");
            }
            return v.intValue();
          });

  /** AMP {@code String}: the bytes as they are. */
  public static final ValueCodec<ByteString> BYTES = codec("String", v -> v, w -> w);

  /** AMP {@code Unicode}: UTF-8 (strict both ways: no lone surrogates, no malformed bytes). */
  public static final ValueCodec<String> UNICODE =
      codec("Unicode", Values::encodeUtf8, Values::decodeUtf8);

  /** AMP {@code Float}: Python's {@code repr}, with {@code nan}, {@code inf} and {@code -inf}. */
  public static final ValueCodec<Double> FLOAT_CODEC =
      codec("Float", v -> ascii(pythonFloatRepr(v)), Values::decodeFloat);

  /** AMP {@code Boolean}: {@code True} or {@code False}, exactly. */
  public static final ValueCodec<Boolean> BOOLEAN =
      codec(
          "Boolean",
          v -> ascii(v ? "True" : "False"),
          w ->
              switch (w.utf8()) {
                case "True" -> true;
                case "False" -> false;
                default -> throw new AmpValueException("not a Boolean: " + w);
              });

  /**
   * AMP {@code DateTime}: {@code YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM}, exactly 32 characters; the sign
   * is {@code -} for a zero offset, as Twisted writes it. Nanoseconds beyond the microsecond are
   * dropped.
   */
  public static final ValueCodec<OffsetDateTime> DATE_TIME_CODEC =
      codec("DateTime", v -> ascii(formatDateTime(v)), Values::decodeDateTime);

  /** AMP {@code Decimal}, every value of Python's {@code decimal.Decimal}. */
  public static final ValueCodec<AmpDecimal> DECIMAL =
      codec("Decimal", v -> ascii(formatDecimal(v)), Values::decodeDecimal);

  /** AMP {@code Decimal} as a {@link BigDecimal}: finite values only. */
  public static final ValueCodec<BigDecimal> BIG_DECIMAL =
      codec(
          "Decimal",
          v -> ascii(v.toString()),
          w ->
              switch (decodeDecimal(w)) {
                case AmpDecimal.Finite f -> f.value();
                default ->
                    throw new AmpValueException(
                        "the Decimal " + w + " is not finite; declare the field as AmpDecimal");
              });

  /** AMP {@code ListOf(element)}: each element as a 16-bit length and its bytes. */
  public static <T> ValueCodec<List<T>> listOf(ValueCodec<T> element) {
    return limitedCodec(
        "ListOf(" + element.ampType() + ")",
        (list, limits) -> {
          List<ByteString> parts = new ArrayList<>(list.size());
          int size = 0;
          for (T item : list) {
            if (item == null) {
              throw new AmpValueException("a ListOf holds no nulls");
            }
            ByteString part = element.encode(item, limits);
            if (part.size() > AmpBox.MAX_VALUE_LENGTH) {
              throw new AmpValueException(
                  "a ListOf element of " + part.size() + " bytes; at most 65535");
            }
            parts.add(part);
            size += 2 + part.size();
          }
          ByteBuffer out = ByteBuffer.allocate(size);
          for (ByteString part : parts) {
            out.putShort((short) part.size());
            part.writeTo(out);
          }
          return ByteString.wrapOwned(out.array());
        },
        (wire, limits) -> {
          List<T> out = new ArrayList<>();
          int at = 0;
          while (at < wire.size()) {
            if (wire.size() - at < 2) {
              throw new AmpValueException("a ListOf ends in the middle of a length");
            }
            int length = ((wire.byteAt(at) & 0xFF) << 8) | (wire.byteAt(at + 1) & 0xFF);
            at += 2;
            if (wire.size() - at < length) {
              throw new AmpValueException("a ListOf ends in the middle of an element");
            }
            out.add(element.decode(wire.substring(at, at + length), limits));
            at += length;
          }
          return List.copyOf(out);
        });
  }

  /** AMP {@code AmpList}: the boxes of {@code records}, one after the other. */
  public static <R extends Record> ValueCodec<List<R>> ampList(RecordCodec<R> records) {
    return limitedCodec(
        "AmpList(" + records.type().getSimpleName() + ")",
        (list, limits) -> {
          List<ByteString> boxes = new ArrayList<>(list.size());
          for (R item : list) {
            if (item == null) {
              throw new AmpValueException("an AmpList holds no nulls");
            }
            boxes.add(records.encode(item, AmpBox.builder(), limits).build().toByteString());
          }
          ByteString out = ByteString.EMPTY;
          for (ByteString b : boxes) {
            out = out.concat(b);
          }
          return out;
        },
        (wire, limits) -> {
          AmpBoxParser parser = new AmpBoxParser(limits);
          ByteBuffer in = wire.asByteBuffer();
          List<R> out = new ArrayList<>();
          try {
            while (in.hasRemaining()) {
              Optional<AmpBox> box = parser.next(in);
              if (box.isPresent()) {
                out.add(records.decode(box.get(), limits));
              }
            }
          } catch (AmpParseException e) {
            throw new AmpValueException("a bad box in an AmpList: " + e.getMessage());
          }
          if (parser.inBox()) {
            throw new AmpValueException("an AmpList ends in the middle of a box");
          }
          return List.copyOf(out);
        });
  }

  /** Python's {@code repr(float)}: the shortest digits that read back the same value. */
  public static String pythonFloatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String sign = (d < 0 || (d == 0 && 1 / d < 0)) ? "-" : "";
    if (d == 0) {
      return sign + "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    if (exact.precision() == 2) {
      // Java writes at least two digits where one would do (4.9E-324); Python writes the one.
      BigDecimal one = exact.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
      if (one.doubleValue() == Math.abs(d)) {
        exact = one.stripTrailingZeros();
      }
    }
    String digits = exact.unscaledValue().toString();
    int point = digits.length() - exact.scale(); // value = 0.<digits> x 10^point
    if (point > -4 && point <= 16) {
      if (point <= 0) {
        return sign + "0." + "0".repeat(-point) + digits;
      }
      if (point >= digits.length()) {
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
      }
      return sign + digits.substring(0, point) + "." + digits.substring(point);
    }
    int exponent = point - 1;
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    int abs = Math.abs(exponent);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (abs < 10 ? "0" : "") + abs;
  }

  private static double decodeFloat(ByteString wire) {
    String s = wire.utf8().strip();
    Matcher special = FLOAT_SPECIAL.matcher(s);
    if (special.matches()) {
      boolean negative = special.group(1).equals("-");
      if (special.group(2).equalsIgnoreCase("nan")) {
        return Double.NaN;
      }
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!FLOAT.matcher(s).matches()) {
      throw new AmpValueException("not a Float: " + wire);
    }
    return Double.parseDouble(s);
  }

  private static ByteString encodeInteger(BigInteger v, AmpLimits limits) {
    int max = limits.maxIntegerDigits();
    // A value of bitLength b has at least floor((b - 1) * log10(2)) + 1 digits: refuse a value
    // that surely has too many before paying for its decimal form.
    long leastDigits = (long) ((v.bitLength() - 1) * 0.30102999566398114) + 1;
    if (leastDigits > max) {
      throw new AmpValueException(
          "an Integer of at least "
              + leastDigits
              + " digits cannot be sent; AmpLimits.maxIntegerDigits is "
              + max);
    }
    String s = v.toString();
    int digits = v.signum() < 0 ? s.length() - 1 : s.length();
    if (digits > max) {
      throw new AmpValueException(
          "an Integer of "
              + digits
              + " digits cannot be sent; AmpLimits.maxIntegerDigits is "
              + max);
    }
    return ascii(s);
  }

  private static BigInteger decodeInteger(ByteString wire, AmpLimits limits) {
    int size = wire.size();
    int start = size > 0 && (wire.byteAt(0) == '+' || wire.byteAt(0) == '-') ? 1 : 0;
    if (size == start) {
      throw new AmpValueException("not an Integer: " + wire);
    }
    for (int i = start; i < size; i++) {
      byte b = wire.byteAt(i);
      if (b < '0' || b > '9') {
        throw new AmpValueException("not an Integer: " + wire);
      }
    }
    if (size - start > limits.maxIntegerDigits()) {
      throw new AmpValueException(
          "an Integer of "
              + (size - start)
              + " digits; AmpLimits.maxIntegerDigits is "
              + limits.maxIntegerDigits());
    }
    return new BigInteger(wire.utf8());
  }

  /** An Integer for a message: its digits, or the first 40 of them and how many there are. */
  private static String shown(BigInteger v, ByteString wire) {
    if (wire.size() <= 40) {
      return v.toString();
    }
    return wire.substring(0, 40).utf8() + "... (" + wire.size() + " digits)";
  }

  private static String formatDateTime(OffsetDateTime v) {
    if (v.getYear() < 1 || v.getYear() > 9999) {
      throw new AmpValueException("an AMP DateTime has a year from 1 to 9999, not " + v.getYear());
    }
    int offsetMinutes = Math.floorDiv(v.getOffset().getTotalSeconds(), 60);
    int abs = Math.abs(offsetMinutes);
    return String.format(
        Locale.ROOT,
        "%04d-%02d-%02dT%02d:%02d:%02d.%06d%s%02d:%02d",
        v.getYear(),
        v.getMonthValue(),
        v.getDayOfMonth(),
        v.getHour(),
        v.getMinute(),
        v.getSecond(),
        v.getNano() / 1000,
        offsetMinutes > 0 ? "+" : "-",
        abs / 60,
        abs % 60);
  }

  private static OffsetDateTime decodeDateTime(ByteString wire) {
    Matcher m = DATE_TIME.matcher(wire.utf8());
    if (wire.size() != 32 || !m.matches()) {
      throw new AmpValueException("not a DateTime (YYYY-MM-DDTHH:MM:SS.ffffff+HH:MM): " + wire);
    }
    try {
      int sign = m.group(8).equals("-") ? -1 : 1;
      int offsetSeconds =
          sign * (Integer.parseInt(m.group(9)) * 3600 + Integer.parseInt(m.group(10)) * 60);
      return OffsetDateTime.of(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)),
          Integer.parseInt(m.group(5)),
          Integer.parseInt(m.group(6)),
          Integer.parseInt(m.group(7)) * 1000,
          ZoneOffset.ofTotalSeconds(offsetSeconds));
    } catch (java.time.DateTimeException e) {
      throw new AmpValueException("not a valid DateTime: " + wire, e);
    }
  }

  private static String formatDecimal(AmpDecimal v) {
    return switch (v) {
      case AmpDecimal.Finite f -> f.value().toString();
      case AmpDecimal.Infinity i -> i.negative() ? "-Infinity" : "Infinity";
      case AmpDecimal.NaN n ->
          (n.negative() ? "-" : "") + (n.signalling() ? "sNaN" : "NaN") + n.payload();
    };
  }

  private static AmpDecimal decodeDecimal(ByteString wire) {
    String s = wire.utf8().strip();
    Matcher inf = DECIMAL_INFINITY.matcher(s);
    if (inf.matches()) {
      return new AmpDecimal.Infinity(inf.group(1).equals("-"));
    }
    Matcher nan = DECIMAL_NAN.matcher(s);
    if (nan.matches()) {
      String payload = nan.group(3).replaceFirst("^0+", "");
      return new AmpDecimal.NaN(nan.group(1).equals("-"), !nan.group(2).isEmpty(), payload);
    }
    if (!FLOAT.matcher(s).matches()) {
      throw new AmpValueException("not a Decimal: " + wire);
    }
    try {
      return new AmpDecimal.Finite(new BigDecimal(s));
    } catch (NumberFormatException e) {
      throw new AmpValueException("not a Decimal: " + wire, e);
    }
  }

  private static ByteString ascii(String s) {
    return ByteString.ascii(s);
  }

  private static ByteString encodeUtf8(String s) {
    try {
      ByteBuffer out =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(s));
      byte[] bytes = new byte[out.remaining()];
      out.get(bytes);
      return ByteString.wrapOwned(bytes);
    } catch (CharacterCodingException e) {
      throw new AmpValueException("a Unicode value with a lone surrogate cannot be UTF-8", e);
    }
  }

  private static String decodeUtf8(ByteString wire) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(wire.asByteBuffer())
          .toString();
    } catch (CharacterCodingException e) {
      throw new AmpValueException("a Unicode value that is not valid UTF-8", e);
    }
  }

  private interface Encoder<T> {
    ByteString encode(T value, AmpLimits limits);
  }

  private interface Decoder<T> {
    T decode(ByteString wire, AmpLimits limits);
  }

  private interface SimpleEncoder<T> {
    ByteString encode(T value);
  }

  private interface SimpleDecoder<T> {
    T decode(ByteString wire);
  }

  /** A codec whose values do not depend on the limits. */
  private static <T> ValueCodec<T> codec(
      String type, SimpleEncoder<T> encoder, SimpleDecoder<T> decoder) {
    return limitedCodec(
        type, (value, limits) -> encoder.encode(value), (wire, limits) -> decoder.decode(wire));
  }

  private static <T> ValueCodec<T> limitedCodec(
      String type, Encoder<T> encoder, Decoder<T> decoder) {
    return new ValueCodec<>() {
      @Override
      public ByteString encode(T value, AmpLimits limits) {
        return encoder.encode(value, limits);
      }

      @Override
      public T decode(ByteString wire, AmpLimits limits) {
        return decoder.decode(wire, limits);
      }

      @Override
      public String ampType() {
        return type;
      }

      @Override
      public String toString() {
        return type;
      }
    };
  }
}
