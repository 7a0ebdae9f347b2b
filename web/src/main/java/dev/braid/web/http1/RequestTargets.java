package dev.braid.web.http1;

/**
 * The request-target grammar of RFC 9112 section 3.2, checked strictly: only URI characters of RFC
 * 3986 (no space, control, {@code "}, {@code <}, {@code >}, {@code \}, {@code ^}, {@code `}, {@code
 * {}, {@code |}, {@code }}, {@code #} or non-ASCII), every {@code %} followed by two hex digits,
 * and the form matching the method.
 */
final class RequestTargets {
  private RequestTargets() {}

  static boolean isUriChar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || (c < 128 && c > 32 && "-._~!$&'()*+,;=:@/?%[]".indexOf(c) >= 0);
  }

  static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Whether {@code target} is a valid request-target for {@code method}. */
  static boolean isValid(String method, String target) {
    if (target == null || target.isEmpty()) {
      return false;
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
      // authority-form: host ":" port, nothing else
      int colon = target.lastIndexOf(':');
      if (colon <= 0 || colon == target.length() - 1) {
        return false;
      }
      for (int i = colon + 1; i < target.length(); i++) {
        if (target.charAt(i) < '0' || target.charAt(i) > '9') {
          return false;
        }
      }
      return target.indexOf('/') < 0 && target.indexOf('?') < 0 && target.indexOf('@') < 0;
    }
    if (target.charAt(0) == '/') {
      return true;
    }
    // absolute-form: scheme ":" hier-part
    int colon = target.indexOf(':');
    if (colon <= 0) {
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
    return target.startsWith("//", colon + 1) && target.length() > colon + 3;
  }
}
