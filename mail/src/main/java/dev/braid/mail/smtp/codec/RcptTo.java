package dev.braid.mail.smtp.codec;

import java.util.Objects;

/**
 * A parsed {@code RCPT TO:<forward-path>}: the recipient ({@code <Postmaster>} comes as a mailbox
 * with no domain, see {@link Mailbox#isBarePostmaster()}). A source route before the mailbox is
 * dropped, as RFC 5321 (section 3.6.1, appendix C) tells servers to. Immutable.
 *
 * @param recipient the recipient
 */
public record RcptTo(Mailbox recipient) {
  /** Checks that no part is null. */
  public RcptTo {
    Objects.requireNonNull(recipient, "recipient");
  }
}
