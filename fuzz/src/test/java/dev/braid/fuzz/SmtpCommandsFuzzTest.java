package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.mail.smtp.codec.MailFrom;
import dev.braid.mail.smtp.codec.Mailbox;
import dev.braid.mail.smtp.codec.RcptTo;
import dev.braid.mail.smtp.codec.SmtpCommands;
import dev.braid.mail.smtp.codec.SmtpSyntaxException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the SMTP argument parsers ({@link SmtpCommands}: MAIL, RCPT, EHLO). The first byte picks
 * the command and whether SMTPUTF8 is on. Oracles: only {@link SmtpSyntaxException} escapes, with a
 * 5xx reply; a parsed mailbox fits RFC 5321's lengths, and written back as an address it parses to
 * itself.
 */
@dev.braid.testing.BraidTest
class SmtpCommandsFuzzTest {
  @FuzzTest
  void argumentsParseOrAreRefusedAndAddressesRoundTrip(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int pick = input[0] & 3;
    boolean utf8 = (input[0] & 4) != 0;
    String argument = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
    Harness.timed(
        input,
        () -> {
          try {
            switch (pick) {
              case 0 -> {
                MailFrom m = SmtpCommands.mailFrom(argument);
                m.sender().ifPresent(b -> roundTrip(b, m.smtpUtf8()));
              }
              case 1 -> {
                RcptTo r = SmtpCommands.rcptTo(argument, utf8);
                if (!r.recipient().isBarePostmaster()) {
                  roundTrip(r.recipient(), utf8);
                }
              }
              default -> assertThat(SmtpCommands.helloDomain(argument)).isNotEmpty();
            }
          } catch (SmtpSyntaxException e) {
            assertThat(e.reply().code()).isBetween(500, 599);
          }
        });
  }

  private static void roundTrip(Mailbox mailbox, boolean utf8) {
    assertThat(mailbox.localPart().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Mailbox.MAX_LOCAL_PART);
    assertThat(mailbox.domain().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Mailbox.MAX_DOMAIN);
    try {
      assertThat(Mailbox.parse(mailbox.address(), utf8, 501, "5.1.3"))
          .as("parse(address(%s))", mailbox.address())
          .isEqualTo(mailbox);
    } catch (SmtpSyntaxException e) {
      throw new AssertionError("the address " + mailbox.address() + " does not parse back", e);
    }
  }
}
