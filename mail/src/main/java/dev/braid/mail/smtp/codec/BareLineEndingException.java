package dev.braid.mail.smtp.codec;

/**
 * A bare CR or a bare LF inside the message after DATA: refused, never normalised, since servers
 * that read a bare LF as a line end let a sender hide a second message inside the first (SMTP
 * smuggling: {@code LF . CR LF} or {@code CR LF . LF} ends the message for one server and not for
 * the next). Answered with {@code 500 5.5.2} and the connection closes.
 */
public final class BareLineEndingException extends SmtpSyntaxException {
  private static final long serialVersionUID = 1L;

  /** The reply for a bare {@code what} ("LF" or "CR"). */
  public BareLineEndingException(String what) {
    super(
        500,
        "5.5.2",
        "Bare " + what + " in message data refused (only CRLF ends a line: SMTP smuggling)");
  }
}
