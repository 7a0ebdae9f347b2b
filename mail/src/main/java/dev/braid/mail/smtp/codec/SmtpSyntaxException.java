package dev.braid.mail.smtp.codec;

import dev.braid.protocols.BadInputException;
import java.util.Objects;

/**
 * A command argument or message the client sent that SMTP does not allow, with the reply that
 * answers it ({@code 501 5.1.7 Bad sender address syntax}, {@code 555 5.5.4 ...}). No stack trace.
 */
public class SmtpSyntaxException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final transient SmtpReply reply;

  /** Bad input described by {@code reply}'s text, answered with {@code reply}. */
  public SmtpSyntaxException(SmtpReply reply) {
    super(String.join(" ", reply.text()));
    this.reply = Objects.requireNonNull(reply, "reply");
  }

  /** A one-line reply {@code code status text}. */
  public SmtpSyntaxException(int code, String status, String text) {
    this(SmtpReply.of(code, status, text));
  }

  /** The reply the server answers with. */
  public SmtpReply reply() {
    return reply;
  }
}
