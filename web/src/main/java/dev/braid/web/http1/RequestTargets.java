package dev.braid.web.http1;

/**
 * The request-target grammar of RFC 9112 section 3.2, checked strictly: only URI characters of RFC
 * 3986 (no space, control, {@code "}, {@code <}, {@code >}, {@code \}, {@code ^}, {@code `}, {@code
 * {}, {@code |}, {@code }}, {@code #} or non-ASCII), every {@code %} followed by two hex digits,
 * the form matching the method, and each part made of the characters RFC 3986 allows there (no
 * {@code [} or {@code ]} outside an IPv6 literal, no {@code @} or {@code :} in a host name).
 */
final class RequestTargets {
  private RequestTargets() {}

  /** The URI characters (RFC 3986 unreserved, reserved and {@code %}), by ASCII code. */
  private static final boolean[] URI_CHARS = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      URI_CHARS[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || (c > 32 && "-._~!$&'()*+,;=:@/?%[]".indexOf(c) >= 0);
    }
  }

  static boolean isUriChar(int c) {
    return c >= 0 && c < 128 && URI_CHARS[c];
  }

  static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Whether {@code target} is a valid request-target for {@code method}. */
  static boolean isValid(String method, String target) {
    if (target == null || target.isEmpty()) {
      return false;
    }
    if (target.charAt(0) == '/' && !method.equals("CONNECT")) {
      return isOriginForm(target);
    }
    if (target.equals("*")) {
      return method.equals("OPTIONS");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (!isUriChar(c)) {
        return false;
      }
      if (c == '%'
          && (i + 2 >= target.length()
              || !isHex(target.charAt(i + 1))
              || !isHex(target.charAt(i + 2)))) {
        return false;
      }
    }
    if (method.equals("CONNECT")) {
      // authority-form: uri-host ":" port, nothing else
      int colon = target.charAt(0) == '[' ? target.indexOf(']') + 1 : target.indexOf(':');
      return colon > 0
          && colon < target.length() - 1
          && target.charAt(colon) == ':'
          && isHostAndPort(target);
    }
    int query = target.indexOf('?');
    String beforeQuery = query < 0 ? target : target.substring(0, query);
    if (query >= 0 && !onlyPathChars(target.substring(query + 1), true)) {
      return false;
    }
    if (target.charAt(0) == '/') {
      return onlyPathChars(beforeQuery, false); // origin-form
    }
    // absolute-form: scheme "://" authority path-abempty [ "?" query ]
    int colon = target.indexOf(':');
    if (colon <= 0 || colon > beforeQuery.length()) {
      return false;
    }
    char first = target.charAt(0);
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
      return false;
    }
    for (int i = 1; i < colon; i++) {
      char c = target.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    if (!beforeQuery.startsWith("//", colon + 1) || beforeQuery.length() <= colon + 3) {
      return false;
    }
    int slash = beforeQuery.indexOf('/', colon + 3);
    String authority = beforeQuery.substring(colon + 3, slash < 0 ? beforeQuery.length() : slash);
    int at = authority.indexOf('@');
    if (at >= 0) {
      for (int i = 0; i < at; i++) {
        char c = authority.charAt(i);
        if (!(isRegNameChar(c) || c == ':' || c == '%')) {
          return false; // userinfo
        }
      }
      authority = authority.substring(at + 1);
    }
    return isHostAndPort(authority)
        && (slash < 0 || onlyPathChars(beforeQuery.substring(slash), false));
  }

  /**
   * origin-form ({@code absolute-path [ "?" query ]}) in one pass: path characters, then after the
   * first {@code ?} query characters, and every {@code %} followed by two hex digits.
   */
  private static boolean isOriginForm(String target) {
    boolean query = false;
    int length = target.length();
    for (int i = 0; i < length; i++) {
      char c = target.charAt(i);
      if (c < 128 && PATH_CHARS[c]) {
        continue;
      }
      if (c == '%') {
        if (i + 2 >= length || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
          return false;
        }
      } else if (c == '?') {
        query = true;
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code text} is {@code uri-host [ ":" port ]} (RFC 9110 section 7.2, RFC 3986 section
   * 3.2.2): a bracketed IPv6 literal, or a reg-name (which includes IPv4 addresses) of unreserved
   * characters, sub-delims and %-escapes; then optionally a colon and digits. The Host field and
   * the authority of a request-target must match it.
   */
  static boolean isHostAndPort(String text) {
    int hostEnd;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        return false;
      }
      String literal = text.substring(1, close);
      if (literal.isEmpty()
          || !literal.chars().allMatch(c -> c == ':' || c == '.' || isHex(c))
          || literal.indexOf(':') < 0) {
        return false;
      }
      int lastColon = literal.lastIndexOf(':');
      if (literal.indexOf('.') >= 0 && !isIpv4(literal.substring(lastColon + 1))) {
        return false;
      }
      int run = 0;
      for (int i = 0; i < literal.length(); i++) {
        run = isHex(literal.charAt(i)) ? run + 1 : 0;
        if (run > 4) {
          return false; // h16 is 1 to 4 hex digits; the JDK accepts leading zeros beyond that
        }
      }
      try {
        java.net.Inet6Address.ofLiteral(literal);
      } catch (IllegalArgumentException e) {
        return false;
      }
      hostEnd = close + 1;
    } else {
      int colon = text.indexOf(':');
      hostEnd = colon < 0 ? text.length() : colon;
      for (int i = 0; i < hostEnd; i++) {
        char c = text.charAt(i);
        if (isRegNameChar(c)) {
          continue;
        }
        if (c != '%'
            || i + 2 >= hostEnd
            || !isHex(text.charAt(i + 1))
            || !isHex(text.charAt(i + 2))) {
          return false;
        }
        i += 2;
      }
    }
    if (hostEnd == text.length()) {
      return true;
    }
    if (text.charAt(hostEnd) != ':') {
      return false;
    }
    for (int i = hostEnd + 1; i < text.length(); i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** dotted-quad decimal octets from 0 to 255 without leading zeros (RFC 3986 dec-octet). */
  private static boolean isIpv4(String text) {
    String[] octets = text.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty()
          || octet.length() > 3
          || (octet.length() > 1 && octet.charAt(0) == '0')
          || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * unreserved and sub-delims (RFC 3986 sections 2.3, 2.2): a reg-name's characters besides
   * escapes.
   */
  private static final boolean[] REG_NAME_CHARS = new boolean[128];

  /** pchar without the {@code %} of an escape, and {@code /}: what a path may hold. */
  private static final boolean[] PATH_CHARS = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      REG_NAME_CHARS[c] =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=".indexOf(c) >= 0;
      PATH_CHARS[c] = REG_NAME_CHARS[c] || c == ':' || c == '@' || c == '/';
    }
  }

  private static boolean isRegNameChar(int c) {
    return c >= 0 && c < 128 && REG_NAME_CHARS[c];
  }

  /**
   * Whether {@code text} holds only path characters (pchar and {@code /}, RFC 3986 section 3.3),
   * and {@code ?} too when it is a query; %-escapes were checked by the caller.
   */
  private static boolean onlyPathChars(String text, boolean query) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c < 128 && PATH_CHARS[c]) || c == '%' || (query && c == '?'))) {
        return false;
      }
    }
    return true;
  }
}
