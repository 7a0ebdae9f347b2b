package dev.braid.irc.codec;

/**
 * The escaping of IRCv3 tag values (message-tags): {@code ;}, space, {@code \}, CR and LF are
 * written as {@code \:}, {@code \s}, {@code \\}, {@code \r} and {@code \n}, so a value never ends
 * its tag, the tags or the line.
 */
public final class IrcTags {
  private IrcTags() {}

  /** {@code value} as it is written in a line. */
  public static String escape(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String escaped =
          switch (c) {
            case ';' -> "\\:";
            case ' ' -> "\\s";
            case '\\' -> "\\\\";
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            default -> null;
          };
      if (escaped != null && out == null) {
        out = new StringBuilder(value.length() + 8).append(value, 0, i);
      }
      if (out != null) {
        if (escaped != null) {
          out.append(escaped);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? value : out.toString();
  }

  /**
   * The value written as {@code escaped}: the five escapes undone, a backslash before any other
   * character dropped, and a backslash at the end dropped (as the specification says).
   */
  public static String unescape(String escaped) {
    if (escaped.indexOf('\\') < 0) {
      return escaped;
    }
    StringBuilder out = new StringBuilder(escaped.length());
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == escaped.length()) {
        break;
      }
      char next = escaped.charAt(i);
      out.append(
          switch (next) {
            case ':' -> ';';
            case 's' -> ' ';
            case 'r' -> '\r';
            case 'n' -> '\n';
            default -> next;
          });
    }
    return out.toString();
  }

  /**
   * True if {@code key} is a tag name: an optional {@code +} (a client-only tag), an optional
   * vendor ending in {@code /}, and letters, digits and {@code -}.
   */
  public static boolean validKey(String key) {
    int start = key.startsWith("+") ? 1 : 0;
    int slash = key.lastIndexOf('/');
    int name = Math.max(start, slash + 1);
    if (name >= key.length()) {
      return false;
    }
    for (int i = start; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || (i < name && (c == '.' || c == '/'));
      if (!ok) {
        return false;
      }
    }
    return slash != start;
  }
}
