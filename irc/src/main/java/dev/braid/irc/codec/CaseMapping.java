package dev.braid.irc.codec;

/**
 * How a server compares nicknames and channel names (ISUPPORT's {@code CASEMAPPING}): two names are
 * the same when their {@link #fold} is. Names are compared this way everywhere, so {@code Alice}
 * and {@code alice} (and, under {@code rfc1459}, {@code [x]} and {@code {x}}) are one user.
 */
public enum CaseMapping {
  /** ASCII letters only: {@code A-Z} fold to {@code a-z}. */
  ASCII("ascii"),
  /**
   * RFC 1459's Scandinavian rule: {@code A-Z}, and {@code []\~} fold to {@code {}|^}. Most servers
   * default to it.
   */
  RFC1459("rfc1459");

  private final String token;

  CaseMapping(String token) {
    this.token = token;
  }

  /** The name in ISUPPORT ({@code CASEMAPPING=rfc1459}). */
  public String token() {
    return token;
  }

  /** {@code name} in the form two equal names share (lower case, by this mapping). */
  public String fold(String name) {
    char[] chars = null;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      char folded = fold(c);
      if (folded != c) {
        if (chars == null) {
          chars = name.toCharArray();
        }
        chars[i] = folded;
      }
    }
    return chars == null ? name : new String(chars);
  }

  /** True if {@code a} and {@code b} are the same name under this mapping. */
  public boolean equal(String a, String b) {
    return a.length() == b.length() && fold(a).equals(fold(b));
  }

  private char fold(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + ('a' - 'A'));
    }
    if (this == RFC1459) {
      return switch (c) {
        case '[' -> '{';
        case ']' -> '}';
        case '\\' -> '|';
        case '~' -> '^';
        default -> c;
      };
    }
    return c;
  }
}
