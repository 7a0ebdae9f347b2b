package dev.braid.mail.smtp.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One SMTP reply: a three-digit code, an enhanced status code (RFC 3463, {@code
 * class.subject.detail} such as {@code 5.1.1}) where the reply carries one, and one or more lines
 * of text. {@link #lines()} encodes it as RFC 5321 sends it: every line but the last as {@code
 * code-text}, the last as {@code code text}, the enhanced code after the reply code on each line.
 * Immutable.
 *
 * @param code the reply code, 200 to 599
 * @param status the enhanced status code, or empty (the greeting, the EHLO reply, 354)
 * @param text the lines of text, at least one; none holds CR or LF
 */
public record SmtpReply(int code, Optional<String> status, List<String> text) {
  /** Checks the code, the status code's form, and that the text is one line each. */
  public SmtpReply {
    Objects.requireNonNull(status, "status");
    text = List.copyOf(text);
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("an SMTP reply code is 200 to 599, got " + code);
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a reply has at least one line of text");
    }
    status.ifPresent(
        s -> {
          if (!s.matches("[245]\\.\\d{1,3}\\.\\d{1,3}")
              || s.charAt(0) != (char) ('0' + code / 100)) {
            throw new IllegalArgumentException(
                "enhanced status " + s + " does not fit reply code " + code);
          }
        });
    for (String line : text) {
      if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a reply line holds no CR or LF");
      }
    }
  }

  /** A one-line reply with an enhanced status code. */
  public static SmtpReply of(int code, String status, String text) {
    return new SmtpReply(code, Optional.of(status), List.of(text));
  }

  /** A reply without an enhanced status code (the greeting, EHLO's, 354). */
  public static SmtpReply plain(int code, String... lines) {
    return new SmtpReply(code, Optional.empty(), List.of(lines));
  }

  /** True for 4xx, a transient failure the client retries. */
  public boolean isTransient() {
    return code / 100 == 4;
  }

  /** True for 5xx, a permanent failure. */
  public boolean isPermanent() {
    return code / 100 == 5;
  }

  /** The lines as sent, without their CRLF. */
  public List<String> lines() {
    List<String> out = new ArrayList<>(text.size());
    String enhanced = status.map(s -> s + " ").orElse("");
    for (int i = 0; i < text.size(); i++) {
      char sep = i == text.size() - 1 ? ' ' : '-';
      out.add(code + String.valueOf(sep) + enhanced + text.get(i));
    }
    return out;
  }

  /** The reply as one string, each line ended with CRLF. */
  public String encode() {
    StringBuilder b = new StringBuilder();
    for (String line : lines()) {
      b.append(line).append("\r\n");
    }
    return b.toString();
  }
}
