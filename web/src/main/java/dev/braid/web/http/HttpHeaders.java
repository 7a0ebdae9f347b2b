package dev.braid.web.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * An immutable, ordered list of HTTP header fields: names compare case-insensitively, and each
 * field keeps the case it was given so that serialization writes it back unchanged.
 *
 * <p>Names must be RFC 9110 tokens. Values may hold SP, HTAB, visible ASCII and obs-text ({@code
 * U+0080..U+00FF}, written as one byte each), must not start or end with SP/HTAB, and can never
 * hold CR, LF, NUL or other control characters: a value that could inject a header or split a
 * response is refused with {@link IllegalArgumentException} when it is added.
 *
 * <p>Instances are immutable and safe to share between threads. Two instances are equal when they
 * hold the same fields, in the same order, with names of the same case.
 */
public final class HttpHeaders {
  /** One header field as it appears on the wire. */
  public record Field(String name, String value) {
    /** Checks that the name is a token and that the value is allowed. */
    public Field {
      checkName(name);
      checkValue(value);
    }
  }

  private static final HttpHeaders EMPTY = new HttpHeaders(List.of());

  private final List<Field> fields;

  /**
   * The {@link #knownBit}s of the fields present: a lookup of a well-known name that is absent (the
   * common case for Expect, Connection, Transfer-Encoding and the like) answers without a scan.
   */
  private final int present;

  private HttpHeaders(List<Field> fields) {
    this.fields = fields;
    int bits = 0;
    for (Field field : fields) {
      bits |= knownBit(field.name);
    }
    this.present = bits;
  }

  /** Whether a field {@code name} may be present: false when it is a known name that is not. */
  private boolean mayHave(String name) {
    int bit = knownBit(name);
    return bit == 0 || (present & bit) != 0;
  }

  /** The names {@link #knownBit} knows, each at the index of its bit. */
  private static final String[] KNOWN = {
    "Host",
    "Connection",
    "Content-Length",
    "Transfer-Encoding",
    "Expect",
    "Accept-Encoding",
    "Upgrade",
    "Cookie",
    "Authorization",
    "Content-Type",
    "Content-Encoding",
    "Content-Range",
    "Range",
    "If-Range",
    "If-None-Match",
    "If-Modified-Since",
    "Date",
    "Server",
    "Keep-Alive",
    "Proxy-Connection",
    "TE",
    "Trailer",
    "Proxy-Authorization",
    "Forwarded",
    "X-Forwarded-For"
  };

  /** {@link #KNOWN} indices by name length, so a name is compared with at most a few of them. */
  private static final int[][] KNOWN_BY_LENGTH = new int[32][];

  static {
    for (int length = 0; length < KNOWN_BY_LENGTH.length; length++) {
      int count = 0;
      for (String k : KNOWN) {
        count += k.length() == length ? 1 : 0;
      }
      int[] indices = new int[count];
      int at = 0;
      for (int i = 0; i < KNOWN.length; i++) {
        if (KNOWN[i].length() == length) {
          indices[at++] = i;
        }
      }
      KNOWN_BY_LENGTH[length] = indices;
    }
  }

  // The bits of the names a server tests on every message, for lacks(int): a fast path that the
  // server and the codecs of each HTTP version share, so they are public.

  /** The {@link #knownBit} of {@code Host}. */
  public static final int HOST = knownBit("Host");

  /** The {@link #knownBit} of {@code Connection}. */
  public static final int CONNECTION = knownBit("Connection");

  /** The {@link #knownBit} of {@code Content-Length}. */
  public static final int CONTENT_LENGTH = knownBit("Content-Length");

  /** The {@link #knownBit} of {@code Content-Type}. */
  public static final int CONTENT_TYPE = knownBit("Content-Type");

  /** The {@link #knownBit} of {@code Content-Encoding}. */
  public static final int CONTENT_ENCODING = knownBit("Content-Encoding");

  /** The {@link #knownBit} of {@code Content-Range}. */
  public static final int CONTENT_RANGE = knownBit("Content-Range");

  /** The {@link #knownBit} of {@code Expect}. */
  public static final int EXPECT = knownBit("Expect");

  /** The {@link #knownBit} of {@code Accept-Encoding}. */
  public static final int ACCEPT_ENCODING = knownBit("Accept-Encoding");

  /** The {@link #knownBit} of {@code Date}. */
  public static final int DATE = knownBit("Date");

  /** The {@link #knownBit} of {@code Server}. */
  public static final int SERVER = knownBit("Server");

  /**
   * Whether no field has the well-known name whose {@link #knownBit} is {@code bit}: one test,
   * without a lookup (a server asks this for the fields most messages lack, such as {@code
   * Expect}).
   */
  public boolean lacks(int bit) {
    return (present & bit) == 0;
  }

  /**
   * One bit for each of about two dozen well-known names (case-insensitive), 0 for any other name;
   * used to answer lookups of absent well-known fields without a scan.
   *
   * @param name a field name
   * @return its bit, or 0 when it is not a well-known name
   */
  public static int knownBit(String name) {
    int length = name.length();
    if (length >= KNOWN_BY_LENGTH.length) {
      return 0;
    }
    int[] candidates = KNOWN_BY_LENGTH[length];
    // the same constant, or the same spelling, is the common case and much cheaper to confirm
    for (int i : candidates) {
      if (KNOWN[i].equals(name)) {
        return 1 << i;
      }
    }
    for (int i : candidates) {
      if (KNOWN[i].equalsIgnoreCase(name)) {
        return 1 << i;
      }
    }
    return 0;
  }

  /** The header list with no fields. */
  public static HttpHeaders empty() {
    return EMPTY;
  }

  /**
   * Headers from alternating names and values: {@code of("Host", "example.com", "Accept", "*")}.
   */
  public static HttpHeaders of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("expected name/value pairs, got an odd count");
    }
    Builder builder = builder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      builder.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return builder.build();
  }

  /** A builder for a new header list. */
  public static Builder builder() {
    return new Builder(new ArrayList<>(8));
  }

  /** A builder starting with this list's fields. */
  public Builder toBuilder() {
    return new Builder(new ArrayList<>(fields));
  }

  /** The first value of the field {@code name} (case-insensitive), if any. */
  public Optional<String> get(String name) {
    if (!mayHave(name)) {
      return Optional.empty();
    }
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        return Optional.of(field.value);
      }
    }
    return Optional.empty();
  }

  /** Every value of the field {@code name} (case-insensitive), in order; empty if none. */
  public List<String> getAll(String name) {
    if (!mayHave(name)) {
      return List.of();
    }
    List<String> values = null;
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        if (values == null) {
          values = new ArrayList<>(2);
        }
        values.add(field.value);
      }
    }
    return values == null ? List.of() : Collections.unmodifiableList(values);
  }

  /**
   * The comma-separated list elements of every field {@code name}, trimmed, without empty elements:
   * {@code "a, b"} and {@code "c"} give {@code [a, b, c]}. Quoted commas are not special-cased; use
   * it for token lists such as Connection or Transfer-Encoding.
   */
  public List<String> getTokens(String name) {
    List<String> tokens = new ArrayList<>();
    if (!mayHave(name)) {
      return tokens;
    }
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        for (String part : field.value.split(",", -1)) {
          String trimmed = part.strip();
          if (!trimmed.isEmpty()) {
            tokens.add(trimmed);
          }
        }
      }
    }
    return tokens;
  }

  /** Whether the list holds a field {@code name} (case-insensitive). */
  public boolean contains(String name) {
    if (!mayHave(name)) {
      return false;
    }
    for (Field field : fields) {
      if (field.name.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether one of the comma-separated elements of the fields {@code name} equals {@code token}
   * case-insensitively (as {@code containsToken("Connection", "close")}).
   */
  public boolean containsToken(String name, String token) {
    for (String element : getTokens(name)) {
      if (element.equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }

  /** The number of fields. */
  public int size() {
    return fields.size();
  }

  /** Whether there are no fields. */
  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The fields in order (unmodifiable). */
  public List<Field> fields() {
    return fields;
  }

  /** Calls {@code action} with each name (as given) and value, in order. */
  public void forEach(BiConsumer<String, String> action) {
    for (Field field : fields) {
      action.accept(field.name, field.value);
    }
  }

  /** A copy with the field appended. */
  public HttpHeaders with(String name, String value) {
    return toBuilder().add(name, value).build();
  }

  /** A copy where every field {@code name} is replaced by one field with {@code value}. */
  public HttpHeaders withSet(String name, String value) {
    return toBuilder().set(name, value).build();
  }

  /** A copy without the fields named {@code name}. */
  public HttpHeaders without(String name) {
    return toBuilder().remove(name).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpHeaders other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("HttpHeaders[");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(fields.get(i).name).append(": ").append(fields.get(i).value);
    }
    return text.append(']').toString();
  }

  /** Whether {@code c} is a token character ({@code tchar} of RFC 9110). */
  public static boolean isTokenChar(int c) {
    return c >= 0 && c < 128 && TOKEN_CHARS[c];
  }

  /** The tchar set of RFC 9110 section 5.6.2, by ASCII code. */
  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      TOKEN_CHARS[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || (c > 32 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
    }
  }

  /** Whether {@code text} is a non-empty token (RFC 9110 section 5.6.2). */
  public static boolean isToken(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isTokenChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code c} may appear inside a field value: HTAB, SP, visible ASCII or obs-text. Leading
   * and trailing whitespace is checked separately.
   */
  public static boolean isValueChar(int c) {
    return c == '\t' || (c >= 0x20 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
  }

  /** Throws {@link IllegalArgumentException} unless {@code name} is a token. */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!isToken(name)) {
      throw new IllegalArgumentException("header name is not a token: \"" + printable(name) + '"');
    }
    return name;
  }

  /** Throws {@link IllegalArgumentException} unless {@code value} is an allowed field value. */
  public static String checkValue(String value) {
    Objects.requireNonNull(value, "value");
    for (int i = 0; i < value.length(); i++) {
      if (!isValueChar(value.charAt(i))) {
        throw new IllegalArgumentException(
            "header value holds a forbidden character (CR, LF, NUL, control or non-Latin-1) at "
                + i
                + ": \""
                + printable(value)
                + '"');
      }
    }
    if (!value.isEmpty()
        && (isWhitespace(value.charAt(0)) || isWhitespace(value.charAt(value.length() - 1)))) {
      throw new IllegalArgumentException(
          "header value starts or ends with whitespace: \"" + printable(value) + '"');
    }
    return value;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t';
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 200; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Builds an {@link HttpHeaders}; not thread-safe, use it on one thread. */
  public static final class Builder {
    private final List<Field> fields;

    private Builder(List<Field> fields) {
      this.fields = fields;
    }

    /** Appends a field (the name keeps its case). */
    public Builder add(String name, String value) {
      fields.add(new Field(name, value));
      return this;
    }

    /** Removes every field {@code name} and appends one with {@code value}. */
    public Builder set(String name, String value) {
      Field field = new Field(name, value);
      remove(name);
      fields.add(field);
      return this;
    }

    /** Removes every field {@code name} (case-insensitive). */
    public Builder remove(String name) {
      fields.removeIf(field -> field.name.equalsIgnoreCase(name));
      return this;
    }

    /** Appends every field of {@code headers}. */
    public Builder addAll(HttpHeaders headers) {
      fields.addAll(headers.fields);
      return this;
    }

    /** The headers built so far; the builder can go on. */
    public HttpHeaders build() {
      return fields.isEmpty() ? EMPTY : new HttpHeaders(List.copyOf(fields));
    }
  }
}
