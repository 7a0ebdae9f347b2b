package dev.braid.mail.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** MAIL, RCPT and EHLO arguments: paths, mailboxes (RFC 5321 4.1.2), parameters, SMTPUTF8. */
@BraidTest
class SmtpCommandsTest {
  private static SmtpReply refusal(ThrowingCall call) {
    try {
      call.run();
    } catch (SmtpSyntaxException e) {
      return e.reply();
    }
    throw new AssertionError("expected a refusal");
  }

  @FunctionalInterface
  interface ThrowingCall {
    void run() throws SmtpSyntaxException;
  }

  @Test
  void mailFromTakesAPathAndItsParametersInAnyCase() throws Exception {
    MailFrom m = SmtpCommands.mailFrom("FROM:<alice@Example.ORG> size=1000 BODY=8bitmime");
    assertThat(m.sender()).contains(new Mailbox("alice", "example.org"));
    assertThat(m.size()).isEqualTo(OptionalLong.of(1000));
    assertThat(m.eightBit()).isTrue();
    assertThat(m.smtpUtf8()).isFalse();
    assertThat(SmtpCommands.mailFrom("from: <bob@example.org>").sender())
        .contains(new Mailbox("bob", "example.org"));
  }

  @Test
  void theNullReversePathHasNoSender() throws Exception {
    assertThat(SmtpCommands.mailFrom("FROM:<>").sender()).isEmpty();
  }

  @Test
  void quotedLocalPartsAndAddressLiteralsParse() throws Exception {
    RcptTo r = SmtpCommands.rcptTo("TO:<\"john \\\"q\\\" doe\"@[192.0.2.1]>", false);
    assertThat(r.recipient()).isEqualTo(new Mailbox("john \"q\" doe", "[192.0.2.1]"));
    assertThat(r.recipient().address()).isEqualTo("\"john \\\"q\\\" doe\"@[192.0.2.1]");
    assertThat(SmtpCommands.rcptTo("TO:<a.b+tag@example.org>", false).recipient().localPart())
        .isEqualTo("a.b+tag");
  }

  @Test
  void anAddressLiteralMayHoldAnAtSignAndTheAddressParsesBack() throws Exception {
    Mailbox m = SmtpCommands.rcptTo("TO:<\"joho\"@[ha2@2.1]>", false).recipient();
    assertThat(m).isEqualTo(new Mailbox("joho", "[ha2@2.1]"));
    assertThat(Mailbox.parse(m.address(), false, 501, "5.1.3")).isEqualTo(m);
  }

  @Test
  void aSourceRouteIsDroppedAndBarePostmasterIsAccepted() throws Exception {
    assertThat(SmtpCommands.rcptTo("TO:<@relay.example,@b.example:carol@example.org>", false))
        .isEqualTo(new RcptTo(new Mailbox("carol", "example.org")));
    assertThat(SmtpCommands.rcptTo("TO:<postMaster>", false).recipient().isBarePostmaster())
        .isTrue();
  }

  @Test
  void badAddressesAreRefusedWithTheirReplies() {
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:alice@example.org")).code())
        .isEqualTo(501);
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<alice@example.org")).status())
        .contains("5.1.7");
    assertThat(refusal(() -> SmtpCommands.rcptTo("TO:<a..b@example.org>", false)).status())
        .contains("5.1.3");
    assertThat(refusal(() -> SmtpCommands.rcptTo("TO:<alice@-bad.example>", false)).code())
        .isEqualTo(501);
    assertThat(refusal(() -> SmtpCommands.rcptTo("TO:<alice>", false)).code()).isEqualTo(501);
    assertThat(
            refusal(() -> SmtpCommands.rcptTo("TO:<" + "a".repeat(65) + "@x.org>", false)).text())
        .first()
        .asString()
        .contains("64 octets");
    assertThat(
            refusal(() -> SmtpCommands.rcptTo("TO:<a@" + "b".repeat(260) + ".org>", false)).code())
        .isEqualTo(501);
  }

  @Test
  void nonAsciiAddressesNeedSmtpUtf8() throws Exception {
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<jörg@bücher.example>")))
        .isEqualTo(SmtpReply.of(553, "5.6.7", "A non-ASCII address needs SMTPUTF8"));
    MailFrom m = SmtpCommands.mailFrom("FROM:<jörg@bücher.example> SMTPUTF8");
    assertThat(m.smtpUtf8()).isTrue();
    assertThat(m.sender().get().isInternational()).isTrue();
    assertThat(refusal(() -> SmtpCommands.rcptTo("TO:<用户@例子.example>", false)).code())
        .isEqualTo(553);
    assertThat(SmtpCommands.rcptTo("TO:<用户@例子.example>", true).recipient())
        .isEqualTo(new Mailbox("用户", "例子.example"));
  }

  @Test
  void parametersTheServerDoesNotOfferAreRefused() {
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<a@b.org> RET=FULL")).code())
        .isEqualTo(555);
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<a@b.org> SIZE=big")).code())
        .isEqualTo(501);
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<a@b.org> BODY=BINARYMIME")).code())
        .isEqualTo(501);
    assertThat(refusal(() -> SmtpCommands.rcptTo("TO:<a@b.org> NOTIFY=NEVER", false)).code())
        .isEqualTo(555);
    assertThat(refusal(() -> SmtpCommands.mailFrom("FROM:<a@b.org>SIZE=1")).code()).isEqualTo(501);
  }

  @Test
  void aHugeSizeSaturatesInsteadOfOverflowing() throws Exception {
    assertThat(SmtpCommands.mailFrom("FROM:<a@b.org> SIZE=99999999999999999999").size())
        .isEqualTo(OptionalLong.of(Long.MAX_VALUE));
  }

  @Test
  void heloTakesADomainOrAnAddressLiteral() throws Exception {
    assertThat(SmtpCommands.helloDomain("client.example")).isEqualTo("client.example");
    assertThat(SmtpCommands.helloDomain("[127.0.0.1]")).isEqualTo("[127.0.0.1]");
    assertThat(refusal(() -> SmtpCommands.helloDomain("")).code()).isEqualTo(501);
    assertThat(refusal(() -> SmtpCommands.helloDomain("bad_name!")).code()).isEqualTo(501);
  }

  @Test
  void repliesEncodeMultiLineWithEnhancedCodesOnEachLine() {
    SmtpReply r = new SmtpReply(550, Optional.of("5.1.1"), java.util.List.of("one", "two"));
    assertThat(r.encode()).isEqualTo("550-5.1.1 one\r\n550 5.1.1 two\r\n");
    assertThat(SmtpReply.plain(250, "a", "b").encode()).isEqualTo("250-a\r\n250 b\r\n");
    assertThatThrownBy(() -> SmtpReply.of(250, "5.0.0", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SmtpReply.of(250, "2.0.0", "a\r\nb"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saslPlainAndLoginResponsesDecode() throws Exception {
    assertThat(Sasl.plain(Sasl.base64("\0alice\0secret")))
        .isEqualTo(new Sasl.Plain("", "alice", "secret"));
    assertThat(Sasl.plain(Sasl.base64("alice\0alice\0pw")).authorizationId()).isEqualTo("alice");
    assertThat(Sasl.plain(Sasl.base64("\0alice\0secret")).toString()).doesNotContain("secret");
    assertThat(refusal(() -> Sasl.plain("!!!")))
        .isEqualTo(SmtpReply.of(501, "5.5.2", "Bad base64 in the AUTH response"));
    assertThat(refusal(() -> Sasl.plain(Sasl.base64("alice:secret"))).code()).isEqualTo(501);
    assertThat(Sasl.text(Sasl.LOGIN_USERNAME)).isEqualTo("Username:");
  }
}
