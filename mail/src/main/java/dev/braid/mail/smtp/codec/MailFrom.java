package dev.braid.mail.smtp.codec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed {@code MAIL FROM:<reverse-path> [parameters]}. Immutable.
 *
 * @param sender the reverse path, empty for the null path {@code <>} (bounces)
 * @param size the client's {@code SIZE=} estimate of the message in octets (RFC 1870), if given
 * @param eightBit true for {@code BODY=8BITMIME} (RFC 6152), false for {@code BODY=7BIT} or none
 * @param smtpUtf8 true for {@code SMTPUTF8} (RFC 6531): addresses and headers may be UTF-8
 */
public record MailFrom(
    Optional<Mailbox> sender, OptionalLong size, boolean eightBit, boolean smtpUtf8) {
  /** Checks that no part is null. */
  public MailFrom {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(size, "size");
  }
}
