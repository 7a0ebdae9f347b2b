package dev.braid.web;

import java.nio.charset.StandardCharsets;

/**
 * Escaping for the pages the server generates (errors, redirects, directory listings): every piece
 * of text that came from a request or the file system goes through {@link #escape} before it is put
 * into HTML, and through {@link #encodeSegment} before it is put into a link. Pure functions; any
 * thread.
 */
public final class Html {
  private Html() {}

  /**
   * Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '} for HTML text and attributes.
   */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Percent-encodes {@code segment} (UTF-8) for use as one path segment of a URL: every byte other
   * than the RFC 3986 unreserved characters is encoded, so {@code /}, {@code ?}, {@code #} and
   * {@code %} in a file name cannot change the link's meaning.
   */
  public static String encodeSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '.'
          || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** A small complete HTML page with {@code title} as title and heading and {@code body} (HTML). */
  public static String page(String title, String body) {
    String t = escape(title);
    return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
        + t
        + "</title></head>\n<body><h1>"
        + t
        + "</h1>\n"
        + body
        + "\n</body></html>\n";
  }
}
