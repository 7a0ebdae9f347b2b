package dev.braid.mail.smtp.codec;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses the arguments of the SMTP commands that carry structure (the line is split into verb and
 * argument by the line-command base). Each method throws {@link SmtpSyntaxException} with the reply
 * RFC 5321 and its extensions give for the fault. Pure functions; any thread.
 */
public final class SmtpCommands {
  /** The longest path, angle brackets included, in octets (RFC 5321 4.5.3.1.3). */
  public static final int MAX_PATH = 256;

  private SmtpCommands() {}

  /**
   * Parses the argument of MAIL: {@code FROM:<path> [SIZE=n] [BODY=7BIT|8BITMIME] [SMTPUTF8]}.
   * Spaces after the colon are tolerated, as many clients send them; parameter names are
   * case-insensitive; a parameter this server does not offer is {@code 555 5.5.4}; a non-ASCII
   * address without SMTPUTF8 is {@code 553 5.6.7} (RFC 6531).
   */
  public static MailFrom mailFrom(String argument) throws SmtpSyntaxException {
    String rest = prefix(argument, "FROM:", "MAIL FROM:<address>");
    int end = pathEnd(rest, 501, "5.1.7");
    String path = rest.substring(0, end);
    OptionalLong size = OptionalLong.empty();
    boolean eightBit = false;
    boolean utf8 = false;
    for (String parameter : parameters(rest.substring(end))) {
      int eq = parameter.indexOf('=');
      String key = (eq < 0 ? parameter : parameter.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : parameter.substring(eq + 1);
      switch (key) {
        case "SIZE" -> {
          if (value == null || !value.matches("\\d{1,20}")) {
            throw new SmtpSyntaxException(501, "5.5.4", "SIZE takes a number of octets");
          }
          try {
            size = OptionalLong.of(Long.parseLong(value));
          } catch (NumberFormatException e) {
            size = OptionalLong.of(Long.MAX_VALUE);
          }
        }
        case "BODY" -> {
          String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
          if (!body.equals("7BIT") && !body.equals("8BITMIME")) {
            throw new SmtpSyntaxException(501, "5.5.4", "BODY is 7BIT or 8BITMIME");
          }
          eightBit = body.equals("8BITMIME");
        }
        case "SMTPUTF8" -> {
          if (value != null) {
            throw new SmtpSyntaxException(501, "5.5.4", "SMTPUTF8 takes no value");
          }
          utf8 = true;
        }
        default ->
            throw new SmtpSyntaxException(555, "5.5.4", "MAIL parameter " + key + " not supported");
      }
    }
    if (!utf8 && !isAscii(path)) {
      throw new SmtpSyntaxException(553, "5.6.7", "A non-ASCII address needs SMTPUTF8");
    }
    String inner = stripRoute(path.substring(1, path.length() - 1));
    Optional<Mailbox> sender =
        inner.isEmpty() ? Optional.empty() : Optional.of(Mailbox.parse(inner, utf8, 501, "5.1.7"));
    return new MailFrom(sender, size, eightBit, utf8);
  }

  /**
   * Parses the argument of RCPT: {@code TO:<path>}; {@code <Postmaster>} (any case) is the bare
   * postmaster. Non-ASCII is allowed only when the transaction's MAIL had SMTPUTF8 ({@code utf8});
   * otherwise {@code 553 5.6.7}. RCPT parameters (DSN's NOTIFY, ORCPT) are not offered: {@code 555
   * 5.5.4}.
   */
  public static RcptTo rcptTo(String argument, boolean utf8) throws SmtpSyntaxException {
    String rest = prefix(argument, "TO:", "RCPT TO:<address>");
    int end = pathEnd(rest, 501, "5.1.3");
    String path = rest.substring(0, end);
    if (!parameters(rest.substring(end)).isEmpty()) {
      throw new SmtpSyntaxException(555, "5.5.4", "RCPT parameters are not supported");
    }
    if (!utf8 && !isAscii(path)) {
      throw new SmtpSyntaxException(553, "5.6.7", "A non-ASCII address needs SMTPUTF8");
    }
    String inner = stripRoute(path.substring(1, path.length() - 1));
    if (inner.equalsIgnoreCase("postmaster")) {
      return new RcptTo(new Mailbox("Postmaster", ""));
    }
    if (inner.isEmpty()) {
      throw new SmtpSyntaxException(501, "5.1.3", "A recipient is needed");
    }
    return new RcptTo(Mailbox.parse(inner, utf8, 501, "5.1.3"));
  }

  /**
   * Parses the argument of EHLO or HELO: a domain or an address literal (anything after it is
   * ignored, as some clients add text). Returns it as given.
   */
  public static String helloDomain(String argument) throws SmtpSyntaxException {
    String name = argument.strip();
    int space = name.indexOf(' ');
    if (space >= 0) {
      name = name.substring(0, space);
    }
    if (name.isEmpty()) {
      throw new SmtpSyntaxException(501, "5.5.4", "EHLO and HELO take your domain");
    }
    Mailbox.parseDomain(name, true, 501, "5.5.4");
    return name;
  }

  private static String prefix(String argument, String prefix, String form)
      throws SmtpSyntaxException {
    if (argument.length() < prefix.length()
        || !argument.substring(0, prefix.length()).equalsIgnoreCase(prefix)) {
      throw new SmtpSyntaxException(501, "5.5.4", "Syntax: " + form);
    }
    String rest = argument.substring(prefix.length());
    int i = 0;
    while (i < rest.length() && rest.charAt(i) == ' ') {
      i++;
    }
    return rest.substring(i);
  }

  /** The index just after the path's closing bracket (skipping quoted strings). */
  private static int pathEnd(String rest, int code, String status) throws SmtpSyntaxException {
    if (!rest.startsWith("<")) {
      throw new SmtpSyntaxException(code, status, "The address goes in angle brackets");
    }
    boolean quoted = false;
    for (int i = 1; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '>') {
        if (octetLength(rest, i + 1) > MAX_PATH) {
          throw new SmtpSyntaxException(code, status, "Path longer than 256 octets");
        }
        return i + 1;
      } else if (!quoted && c == '<') {
        break;
      }
    }
    throw new SmtpSyntaxException(code, status, "Unterminated address: no closing '>'");
  }

  /** Drops an RFC 5321 source route ({@code @a,@b:}) in front of a mailbox. */
  private static String stripRoute(String inner) {
    if (inner.startsWith("@")) {
      int colon = inner.indexOf(':');
      return colon < 0 ? inner : inner.substring(colon + 1);
    }
    return inner;
  }

  private static java.util.List<String> parameters(String tail) throws SmtpSyntaxException {
    if (tail.isEmpty()) {
      return java.util.List.of();
    }
    if (tail.charAt(0) != ' ') {
      throw new SmtpSyntaxException(
          501, "5.5.4", "A space goes between the address and parameters");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String p : tail.strip().split(" +")) {
      if (!p.isEmpty()) {
        if (!p.matches("[A-Za-z0-9][A-Za-z0-9-]*(=[!-<>-~\\u0080-\\uFFFF]+)?")) {
          throw new SmtpSyntaxException(501, "5.5.4", "Bad parameter syntax");
        }
        out.add(p);
      }
    }
    return out;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 127) {
        return false;
      }
    }
    return true;
  }

  private static int octetLength(String s, int end) {
    return s.substring(0, end).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }
}
