package dev.braid.irc;

import dev.braid.irc.codec.CaseMapping;

/** Ban masks ({@code nick!user@host} with {@code *} and {@code ?}): normal form and matching. */
final class Masks {
  private Masks() {}

  /**
   * {@code mask} in full form: {@code nick} becomes {@code nick!*@*}, {@code nick!user} becomes
   * {@code nick!user@*}, {@code user@host} becomes {@code *!user@host}.
   */
  static String normalize(String mask) {
    int bang = mask.indexOf('!');
    int at = mask.indexOf('@', Math.max(bang, 0));
    String nick;
    String user;
    String host;
    if (bang >= 0) {
      nick = mask.substring(0, bang);
      user = at >= 0 ? mask.substring(bang + 1, at) : mask.substring(bang + 1);
      host = at >= 0 ? mask.substring(at + 1) : "*";
    } else if (at >= 0) {
      nick = "*";
      user = mask.substring(0, at);
      host = mask.substring(at + 1);
    } else {
      nick = mask;
      user = "*";
      host = "*";
    }
    return (nick.isEmpty() ? "*" : nick)
        + "!"
        + (user.isEmpty() ? "*" : user)
        + "@"
        + (host.isEmpty() ? "*" : host);
  }

  /** True if {@code text} matches the glob {@code mask}, compared under {@code mapping}. */
  static boolean matches(String mask, String text, CaseMapping mapping) {
    String m = mapping.fold(mask);
    String t = mapping.fold(text);
    int mi = 0;
    int ti = 0;
    int star = -1;
    int afterStar = 0;
    while (ti < t.length()) {
      if (mi < m.length() && (m.charAt(mi) == '?' || m.charAt(mi) == t.charAt(ti))) {
        mi++;
        ti++;
      } else if (mi < m.length() && m.charAt(mi) == '*') {
        star = mi++;
        afterStar = ti;
      } else if (star >= 0) {
        mi = star + 1;
        ti = ++afterStar;
      } else {
        return false;
      }
    }
    while (mi < m.length() && m.charAt(mi) == '*') {
      mi++;
    }
    return mi == m.length();
  }
}
