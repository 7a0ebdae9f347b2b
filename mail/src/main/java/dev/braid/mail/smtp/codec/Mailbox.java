package dev.braid.mail.smtp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A mailbox of RFC 5321 section 4.1.2: a local part and a domain. The local part is kept as the
 * client wrote it, without the quotes of a quoted string (case matters to the receiving domain
 * only); the domain is kept in lower case, an address literal with its brackets. Non-ASCII text
 * (RFC 6531 internationalised addresses) parses only when the transaction asked for SMTPUTF8.
 * Immutable.
 *
 * @param localPart the local part, unquoted
 * @param domain the domain in lower case, or an address literal such as {@code [192.0.2.1]}; empty
 *     only for the special recipient {@code <Postmaster>}
 */
public record Mailbox(String localPart, String domain) {
  /** The longest local part, in octets (RFC 5321 4.5.3.1.1). */
  public static final int MAX_LOCAL_PART = 64;

  /** The longest domain, in octets (RFC 5321 4.5.3.1.2). */
  public static final int MAX_DOMAIN = 255;

  /** Checks that no part is null. */
  public Mailbox {
    Objects.requireNonNull(localPart, "localPart");
    Objects.requireNonNull(domain, "domain");
  }

  /** The special recipient {@code <Postmaster>} with no domain, which every server accepts. */
  public boolean isBarePostmaster() {
    return domain.isEmpty();
  }

  /** The address as a client writes it: the local part quoted where it must be, then @domain. */
  public String address() {
    String local = isDotString(localPart) ? localPart : quote(localPart);
    return domain.isEmpty() ? local : local + "@" + domain;
  }

  /** True if any part is outside ASCII (an address that needs SMTPUTF8). */
  public boolean isInternational() {
    return !StandardCharsets.US_ASCII.newEncoder().canEncode(localPart + domain);
  }

  /**
   * Parses {@code text}, a mailbox without its angle brackets ({@code alice@example.org}, {@code "a
   * b"@example.org}, {@code bob@[192.0.2.1]}). Non-ASCII is allowed only with {@code utf8}.
   *
   * @throws SmtpSyntaxException with {@code code} and {@code status} (the caller's reply for a bad
   *     address) and a text naming the fault
   */
  public static Mailbox parse(String text, boolean utf8, int code, String status)
      throws SmtpSyntaxException {
    int at;
    String local;
    if (text.startsWith("\"")) {
      StringBuilder unquoted = new StringBuilder();
      int i = 1;
      boolean closed = false;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (c == '"') {
          closed = true;
          break;
        }
        if (c == '\\') {
          if (i + 1 >= text.length() || text.charAt(i + 1) < 32 || text.charAt(i + 1) > 126) {
            throw new SmtpSyntaxException(code, status, "Bad quoted pair in the local part");
          }
          unquoted.append(text.charAt(i + 1));
          i += 2;
          continue;
        }
        if (!(c == 32 || c == 33 || (c >= 35 && c <= 91) || (c >= 93 && c <= 126))
            && !(utf8 && c > 127)) {
          throw new SmtpSyntaxException(code, status, badChar(c, utf8, "a quoted local part"));
        }
        unquoted.append(c);
        i++;
      }
      if (!closed) {
        throw new SmtpSyntaxException(code, status, "Unterminated quoted local part");
      }
      at = i + 1;
      local = unquoted.toString();
    } else {
      at = text.indexOf('@'); // a dot-string has no '@'; an address literal may
      if (at < 0) {
        throw new SmtpSyntaxException(code, status, "An address needs a domain");
      }
      local = text.substring(0, at);
      if (!isDotString(local)) {
        for (int i = 0; i < local.length(); i++) {
          char c = local.charAt(i);
          if (c > 127 && !utf8) {
            throw new SmtpSyntaxException(code, status, badChar(c, false, "the local part"));
          }
        }
        if (!(utf8 && isDotString(local, true))) {
          throw new SmtpSyntaxException(code, status, "Bad local part syntax");
        }
      }
    }
    if (at >= text.length() || text.charAt(at) != '@') {
      throw new SmtpSyntaxException(code, status, "An address needs @domain");
    }
    if (octets(local) > MAX_LOCAL_PART) {
      throw new SmtpSyntaxException(code, status, "Local part longer than 64 octets");
    }
    String domain = text.substring(at + 1);
    return new Mailbox(local, parseDomain(domain, utf8, code, status));
  }

  /**
   * Parses a domain or address literal (RFC 5321 {@code Domain / address-literal}), returned in
   * lower case. U-labels (non-ASCII) are allowed only with {@code utf8}.
   */
  public static String parseDomain(String text, boolean utf8, int code, String status)
      throws SmtpSyntaxException {
    if (text.isEmpty()) {
      throw new SmtpSyntaxException(code, status, "Empty domain");
    }
    if (octets(text) > MAX_DOMAIN) {
      throw new SmtpSyntaxException(code, status, "Domain longer than 255 octets");
    }
    if (text.startsWith("[")) {
      if (!text.endsWith("]") || text.length() < 3) {
        throw new SmtpSyntaxException(code, status, "Bad address literal");
      }
      for (int i = 1; i < text.length() - 1; i++) {
        char c = text.charAt(i);
        if (c < 33 || c > 126 || "[]\\<>".indexOf(c) >= 0) {
          throw new SmtpSyntaxException(code, status, "Bad address literal");
        }
      }
      return text.toLowerCase(Locale.ROOT);
    }
    for (String label : text.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        throw new SmtpSyntaxException(code, status, "Bad domain syntax");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw new SmtpSyntaxException(code, status, "A domain label starts and ends alphanumeric");
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok && !(utf8 && c > 127 && Character.isLetterOrDigit(c))) {
          throw new SmtpSyntaxException(code, status, badChar(c, utf8, "the domain"));
        }
      }
    }
    return text.toLowerCase(Locale.ROOT);
  }

  private static String badChar(char c, boolean utf8, String where) {
    return c > 127 && !utf8
        ? "Non-ASCII in " + where + " needs SMTPUTF8"
        : String.format("Character U+%04X not allowed in %s", (int) c, where);
  }

  private static boolean isDotString(String s) {
    return isDotString(s, false);
  }

  /** RFC 5321 Dot-string: atoms of atext joined by single dots; RFC 6531 adds non-ASCII. */
  private static boolean isDotString(String s, boolean utf8) {
    if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0
              || (utf8 && c > 127 && !Character.isISOControl(c) && !Character.isWhitespace(c));
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.append('"').toString();
  }

  private static int octets(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The address. */
  @Override
  public String toString() {
    return address();
  }
}
