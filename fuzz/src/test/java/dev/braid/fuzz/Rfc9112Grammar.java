package dev.braid.fuzz;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A strict recogniser of one HTTP/1.1 request message, written from the ABNF of RFC 9112 (message
 * syntax), RFC 9110 (fields, tokens, Host) and RFC 3986 (request-target components), independently
 * of {@code dev.braid.web.http1}. It shares no code with the parser it checks: every request that
 * parser accepts must also be accepted here, byte for byte.
 *
 * <pre>
 * HTTP-message   = start-line CRLF *( field-line CRLF ) CRLF [ message-body ]
 * request-line   = method SP request-target SP HTTP-version
 * method         = token
 * HTTP-version   = "HTTP" "/" DIGIT "." DIGIT
 * field-line     = field-name ":" OWS field-value OWS
 * field-value    = *field-content
 * field-content  = field-vchar [ 1*( SP / HTAB / field-vchar ) field-vchar ]
 * field-vchar    = VCHAR / obs-text
 * chunked-body   = *chunk last-chunk trailer-section CRLF
 * chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 * chunk-size     = 1*HEXDIG
 * last-chunk     = 1*("0") [ chunk-ext ] CRLF
 * chunk-ext      = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
 * chunk-ext-val  = token / quoted-string
 * Content-Length = 1*DIGIT
 * Host           = uri-host [ ":" port ]
 * </pre>
 *
 * <p>Where the RFCs leave a recipient a choice, this takes the strict one: empty lines before the
 * request line are allowed (RFC 9112 section 2.2), but Content-Length with Transfer-Encoding,
 * Transfer-Encoding in HTTP/1.0, a final coding other than chunked, and framing or Host fields in
 * trailers are not; HTTP/1.1 needs exactly one Host field and any Host must be valid.
 */
final class Rfc9112Grammar {
  private final byte[] b;
  private final int end;
  private int i;

  private Rfc9112Grammar(byte[] bytes, int from, int to) {
    this.b = bytes;
    this.i = from;
    this.end = to;
  }

  /** Why some bytes are not a request message; the message says where. */
  static final class Violation extends RuntimeException {
    Violation(String message) {
      super(message);
    }
  }

  /**
   * Checks that {@code bytes[from, to)} is exactly one request message (optionally preceded by
   * empty lines) and returns normally, or throws {@link Violation} saying what breaks the grammar.
   */
  static void request(byte[] bytes, int from, int to) {
    new Rfc9112Grammar(bytes, from, to).request();
  }

  private Violation fail(String why) {
    int show = Math.min(end, i + 16);
    String near =
        new String(b, Math.min(i, end), show - Math.min(i, end), StandardCharsets.ISO_8859_1);
    return new Violation(why + " at offset " + i + " near \"" + near + "\"");
  }

  private void request() {
    while (i + 1 < end && b[i] == '\r' && b[i + 1] == '\n') {
      i += 2;
    }
    String method = token();
    if (method.isEmpty()) {
      throw fail("method is not a token");
    }
    expect(' ');
    int targetStart = i;
    while (i < end && b[i] != ' ' && b[i] != '\r') {
      i++;
    }
    String target = new String(b, targetStart, i - targetStart, StandardCharsets.ISO_8859_1);
    checkTarget(method, target);
    expect(' ');
    String version = version();
    crlf();
    List<String[]> fields = fieldLines();
    checkHost(fields, version);
    body(fields, version);
    if (i != end) {
      throw fail("bytes after the end of the message");
    }
  }

  private boolean has(int c) {
    return i < end && (b[i] & 0xff) == c;
  }

  private void expect(int c) {
    if (!has(c)) {
      throw fail("expected '" + (char) c + "'");
    }
    i++;
  }

  private void crlf() {
    expect('\r');
    expect('\n');
  }

  static boolean isTchar(int c) {
    return isAlpha(c) || isDigit(c) || (c < 128 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
  }

  static boolean isAlpha(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static boolean isHexdig(int c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** VCHAR / obs-text. */
  static boolean isFieldVchar(int c) {
    return (c >= 0x21 && c <= 0x7e) || (c >= 0x80 && c <= 0xff);
  }

  private String token() {
    int start = i;
    while (i < end && isTchar(b[i] & 0xff)) {
      i++;
    }
    return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
  }

  private String version() {
    int start = i;
    for (char c : "HTTP/".toCharArray()) {
      expect(c);
    }
    if (!(i < end && isDigit(b[i]))) {
      throw fail("version major is not a digit");
    }
    i++;
    expect('.');
    if (!(i < end && isDigit(b[i]))) {
      throw fail("version minor is not a digit");
    }
    i++;
    return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
  }

  private void ows() {
    while (i < end && (b[i] == ' ' || b[i] == '\t')) {
      i++;
    }
  }

  /** *( field-line CRLF ) CRLF; returns {name, value} pairs. */
  private List<String[]> fieldLines() {
    List<String[]> fields = new ArrayList<>();
    while (!has('\r')) {
      String name = token();
      if (name.isEmpty()) {
        throw fail("field name is not a token");
      }
      expect(':');
      int start = i;
      while (i < end && (b[i] == ' ' || b[i] == '\t' || isFieldVchar(b[i] & 0xff))) {
        i++;
      }
      int stop = i;
      while (start < stop && (b[start] == ' ' || b[start] == '\t')) {
        start++;
      }
      while (stop > start && (b[stop - 1] == ' ' || b[stop - 1] == '\t')) {
        stop--;
      }
      fields.add(
          new String[] {name, new String(b, start, stop - start, StandardCharsets.ISO_8859_1)});
      crlf();
    }
    crlf();
    return fields;
  }

  private static List<String> values(List<String[]> fields, String name) {
    List<String> values = new ArrayList<>();
    for (String[] field : fields) {
      if (field[0].equalsIgnoreCase(name)) {
        values.add(field[1]);
      }
    }
    return values;
  }

  private void checkHost(List<String[]> fields, String version) {
    List<String> hosts = values(fields, "Host");
    if (hosts.size() > 1) {
      throw fail("more than one Host field");
    }
    if (hosts.isEmpty() && version.equals("HTTP/1.1")) {
      throw fail("HTTP/1.1 request without Host");
    }
    for (String host : hosts) {
      if (!Uri.isHostAndOptionalPort(host)) {
        throw fail("Host is not uri-host [ \":\" port ]: " + host);
      }
    }
  }

  private void body(List<String[]> fields, String version) {
    List<String> te = values(fields, "Transfer-Encoding");
    List<String> cl = values(fields, "Content-Length");
    if (!te.isEmpty()) {
      if (!cl.isEmpty()) {
        throw fail("Content-Length with Transfer-Encoding");
      }
      if (!version.equals("HTTP/1.1")) {
        throw fail("Transfer-Encoding in " + version);
      }
      List<String> codings = new ArrayList<>();
      for (String value : te) {
        for (String element : value.split(",", -1)) {
          String coding = element.strip();
          if (coding.isEmpty()) {
            continue; // #rule: recipients accept empty list elements
          }
          int semicolon = coding.indexOf(';');
          String name = (semicolon < 0 ? coding : coding.substring(0, semicolon)).strip();
          if (!isToken(name)) {
            throw fail("transfer coding is not a token: " + coding);
          }
          codings.add(name.toLowerCase(Locale.ROOT));
        }
      }
      if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
        throw fail("final transfer coding is not chunked");
      }
      if (codings.indexOf("chunked") != codings.size() - 1) {
        throw fail("chunked applied more than once");
      }
      chunkedBody();
      return;
    }
    if (!cl.isEmpty()) {
      for (String value : cl) {
        if (value.isEmpty() || !value.chars().allMatch(Rfc9112Grammar::isDigit)) {
          throw fail("Content-Length is not 1*DIGIT: " + value);
        }
        if (!new BigInteger(value).equals(new BigInteger(cl.get(0)))) {
          throw fail("Content-Length fields disagree");
        }
      }
      BigInteger length = new BigInteger(cl.get(0));
      if (length.compareTo(BigInteger.valueOf(end - i)) > 0) {
        throw fail("body shorter than Content-Length " + length);
      }
      i += length.intValueExact();
    }
  }

  private static boolean isToken(String s) {
    return !s.isEmpty() && s.chars().allMatch(Rfc9112Grammar::isTchar);
  }

  private void chunkedBody() {
    while (true) {
      int start = i;
      BigInteger size = BigInteger.ZERO;
      while (i < end && isHexdig(b[i] & 0xff)) {
        size = size.shiftLeft(4).add(BigInteger.valueOf(Character.digit(b[i], 16)));
        i++;
      }
      if (i == start) {
        throw fail("chunk-size is not 1*HEXDIG");
      }
      chunkExt();
      crlf();
      if (size.signum() == 0) {
        break;
      }
      if (size.compareTo(BigInteger.valueOf(end - i)) > 0) {
        throw fail("chunk-data shorter than chunk-size");
      }
      i += size.intValueExact();
      crlf();
    }
    List<String[]> trailers = fieldLines();
    for (String[] field : trailers) {
      for (String forbidden : List.of("Content-Length", "Transfer-Encoding", "Host")) {
        if (field[0].equalsIgnoreCase(forbidden)) {
          throw fail(forbidden + " in the trailer section");
        }
      }
    }
  }

  /** chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ). */
  private void chunkExt() {
    while (true) {
      int before = i;
      ows();
      if (!has(';')) {
        i = before;
        return;
      }
      i++;
      ows();
      if (token().isEmpty()) {
        throw fail("chunk-ext-name is not a token");
      }
      int afterName = i;
      ows();
      if (!has('=')) {
        i = afterName;
        continue;
      }
      i++;
      ows();
      if (has('"')) {
        quotedString();
      } else if (token().isEmpty()) {
        throw fail("chunk-ext-val is neither a token nor a quoted-string");
      }
    }
  }

  /**
   * quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE; qdtext = HTAB / SP / %x21 / %x23-5B /
   * %x5D-7E / obs-text; quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).
   */
  private void quotedString() {
    expect('"');
    while (i < end) {
      int c = b[i] & 0xff;
      if (c == '"') {
        i++;
        return;
      }
      if (c == '\\') {
        i++;
        if (!(i < end && (b[i] == ' ' || b[i] == '\t' || isFieldVchar(b[i] & 0xff)))) {
          throw fail("bad quoted-pair");
        }
      } else if (!(c == ' ' || c == '\t' || isFieldVchar(c))) {
        throw fail("bad qdtext");
      }
      i++;
    }
    throw fail("unterminated quoted-string");
  }

  private void checkTarget(String method, String target) {
    boolean ok;
    if (method.equals("CONNECT")) {
      ok = Uri.isAuthorityForm(target); // RFC 9112 3.2.3: only CONNECT, and CONNECT only this
    } else if (target.equals("*")) {
      ok = method.equals("OPTIONS"); // RFC 9112 3.2.4
    } else if (target.startsWith("/")) {
      ok = Uri.isOriginForm(target);
    } else {
      ok = Uri.isAbsoluteUri(target);
    }
    if (!ok) {
      throw fail("request-target is not valid for " + method + ": " + target);
    }
  }

  /** RFC 3986 components, on strings of ISO-8859-1 chars. */
  static final class Uri {
    private Uri() {}

    static boolean isUnreserved(int c) {
      return isAlpha(c) || isDigit(c) || c == '-' || c == '.' || c == '_' || c == '~';
    }

    static boolean isSubDelim(int c) {
      return c < 128 && "!$&'()*+,;=".indexOf(c) >= 0;
    }

    /** Every char is in {@code allowed} or starts a pct-encoded triple. */
    private static boolean chars(String s, java.util.function.IntPredicate allowed) {
      for (int k = 0; k < s.length(); k++) {
        char c = s.charAt(k);
        if (c == '%') {
          if (k + 2 >= s.length() || !isHexdig(s.charAt(k + 1)) || !isHexdig(s.charAt(k + 2))) {
            return false;
          }
          k += 2;
        } else if (!allowed.test(c)) {
          return false;
        }
      }
      return true;
    }

    static boolean isPchar(int c) {
      return isUnreserved(c) || isSubDelim(c) || c == ':' || c == '@';
    }

    /** absolute-path [ "?" query ]; absolute-path = 1*( "/" segment ). */
    static boolean isOriginForm(String s) {
      int q = s.indexOf('?');
      String path = q < 0 ? s : s.substring(0, q);
      String query = q < 0 ? "" : s.substring(q + 1);
      return path.startsWith("/")
          && chars(path, c -> isPchar(c) || c == '/')
          && chars(query, c -> isPchar(c) || c == '/' || c == '?');
    }

    /** absolute-URI = scheme ":" hier-part [ "?" query ]. */
    static boolean isAbsoluteUri(String s) {
      int colon = s.indexOf(':');
      if (colon <= 0 || !isAlpha(s.charAt(0))) {
        return false;
      }
      for (int k = 1; k < colon; k++) {
        char c = s.charAt(k);
        if (!(isAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.')) {
          return false;
        }
      }
      String rest = s.substring(colon + 1);
      int q = rest.indexOf('?');
      String hier = q < 0 ? rest : rest.substring(0, q);
      String query = q < 0 ? "" : rest.substring(q + 1);
      if (!chars(query, c -> isPchar(c) || c == '/' || c == '?')) {
        return false;
      }
      if (hier.startsWith("//")) {
        int slash = hier.indexOf('/', 2);
        String authority = slash < 0 ? hier.substring(2) : hier.substring(2, slash);
        String path = slash < 0 ? "" : hier.substring(slash);
        return isAuthority(authority) && chars(path, c -> isPchar(c) || c == '/');
      }
      // path-absolute / path-rootless / path-empty
      return chars(hier, c -> isPchar(c) || c == '/');
    }

    /** authority = [ userinfo "@" ] host [ ":" port ]. */
    static boolean isAuthority(String s) {
      int at = s.indexOf('@');
      if (at >= 0) {
        String userinfo = s.substring(0, at);
        if (!chars(userinfo, c -> isUnreserved(c) || isSubDelim(c) || c == ':')) {
          return false;
        }
        s = s.substring(at + 1);
      }
      return isHostAndOptionalPort(s);
    }

    /** uri-host [ ":" port ]. */
    static boolean isHostAndOptionalPort(String s) {
      int hostEnd;
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        if (close < 0 || !isIpLiteralInside(s.substring(1, close))) {
          return false;
        }
        hostEnd = close + 1;
      } else {
        int colon = s.indexOf(':');
        hostEnd = colon < 0 ? s.length() : colon;
        if (!chars(s.substring(0, hostEnd), c -> isUnreserved(c) || isSubDelim(c))) {
          return false; // reg-name (IPv4address is a special case of it)
        }
      }
      if (hostEnd == s.length()) {
        return true;
      }
      return s.charAt(hostEnd) == ':' && s.substring(hostEnd + 1).chars().allMatch(Uri::isDigit);
    }

    private static boolean isDigit(int c) {
      return c >= '0' && c <= '9';
    }

    /** authority-form = uri-host ":" port. */
    static boolean isAuthorityForm(String s) {
      if (s.startsWith("[")) {
        int close = s.indexOf(']');
        return close > 0 && s.startsWith(":", close + 1) && isHostAndOptionalPort(s);
      }
      return s.indexOf(':') >= 0 && isHostAndOptionalPort(s);
    }

    /** IPv6address / IPvFuture, the inside of an IP-literal. */
    static boolean isIpLiteralInside(String s) {
      if (s.startsWith("v") || s.startsWith("V")) {
        int dot = s.indexOf('.');
        if (dot < 2) {
          return false;
        }
        String rest = s.substring(dot + 1);
        return s.substring(1, dot).chars().allMatch(Rfc9112Grammar::isHexdig)
            && !rest.isEmpty()
            && rest.chars().allMatch(c -> isUnreserved(c) || isSubDelim(c) || c == ':');
      }
      return isIpv6(s);
    }

    static boolean isIpv6(String s) {
      int groups = 0;
      String body = s;
      // a trailing IPv4address counts as two groups
      int lastColon = s.lastIndexOf(':');
      if (lastColon >= 0 && s.indexOf('.', lastColon) >= 0) {
        if (!isIpv4(s.substring(lastColon + 1))) {
          return false;
        }
        body = s.substring(0, lastColon + 1) + "0:0";
      }
      int doubleColon = body.indexOf("::");
      if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
        return false;
      }
      String[] halves = doubleColon < 0 ? new String[] {body} : body.split("::", -1);
      for (String half : halves) {
        if (half.isEmpty()) {
          continue;
        }
        for (String group : half.split(":", -1)) {
          if (group.isEmpty()
              || group.length() > 4
              || !group.chars().allMatch(Rfc9112Grammar::isHexdig)) {
            return false;
          }
          groups++;
        }
      }
      return doubleColon < 0 ? groups == 8 : groups <= 7;
    }

    static boolean isIpv4(String s) {
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String part : parts) {
        if (part.isEmpty()
            || part.length() > 3
            || !part.chars().allMatch(Uri::isDigit)
            || (part.length() > 1 && part.charAt(0) == '0')
            || Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
  }
}
