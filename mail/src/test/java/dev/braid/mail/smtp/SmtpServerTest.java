package dev.braid.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.mail.LocalDomains;
import dev.braid.mail.smtp.codec.Sasl;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.protocols.CommandLimits;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP server in memory: sessions, recipients, relaying, DATA, limits, AUTH, durability. */
@BraidTest
class SmtpServerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  private static final String GREETING = "220 mx.example.org ESMTP Braid\r\n";

  @TempDir Path root;
  private final MemoryReactor reactor = new MemoryReactor();

  private SmtpConfig config() {
    LocalDomains domains =
        LocalDomains.builder()
            .domain("example.org")
            .domain("example.net")
            .user("alice", "postmaster")
            .user("bob")
            .build();
    return SmtpConfig.defaults("mx.example.org", domains, root);
  }

  private SmtpConfig withAuth(SmtpConfig config) {
    return config
        .withPortal(
            Portal.create(
                Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret")))))
        .withCommands(CommandLimits.defaults().withLoginFailureDelay(Duration.ofSeconds(1)));
  }

  private StringTransport connect(SmtpConfig config) {
    return connect(SmtpServer.factory(reactor, config, CLOCK));
  }

  private static StringTransport connect(ProtocolFactory factory) {
    StringTransport transport = new StringTransport();
    Protocol server = factory.buildProtocol(transport.peerAddress());
    transport.makeConnection(server);
    return transport;
  }

  private StringTransport session(SmtpConfig config) {
    StringTransport t = connect(config);
    t.receive("EHLO client.example\r\n");
    t.clear();
    return t;
  }

  private List<Path> delivered(String user) throws IOException {
    Path dir = root.resolve(user).resolve("new");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void ehloListsTheExtensions() {
    StringTransport t = connect(config());
    t.receive("EHLO client.example\r\n");
    assertThat(t.writtenUtf8())
        .isEqualTo(
            GREETING
                + "250-mx.example.org Hello client.example\r\n"
                + "250-PIPELINING\r\n"
                + "250-SIZE 10485760\r\n"
                + "250-8BITMIME\r\n"
                + "250-SMTPUTF8\r\n"
                + "250-ENHANCEDSTATUSCODES\r\n"
                + "250 HELP\r\n");
  }

  @Test
  void aMessageForALocalUserIsStoredWithAReceivedHeaderBeforeThe250() throws IOException {
    String session =
        "EHLO client.example\r\nMAIL FROM:<sender@remote.example>\r\nRCPT TO:<Alice@Example.org>\r\n"
            + "DATA\r\nSubject: hi\r\n\r\n..stuffed\r\n.\r\nQUIT\r\n";
    ProtocolFeeder.standard()
        .feedAllWays(
            () -> SmtpServer.factory(reactor, config(), CLOCK).buildProtocol(null),
            session,
            (protocol, transport) ->
                assertThat(transport.writtenUtf8())
                    .contains("250 2.1.0 Sender OK\r\n250 2.1.5 Recipient OK\r\n354 ")
                    .containsPattern("250 2\\.0\\.0 OK: stored as \\w+\r\n221 2\\.0\\.0 "));
    List<Path> files = delivered("alice");
    assertThat(files).hasSize(2); // once per way of feeding
    String name = files.getFirst().getFileName().toString();
    assertThat(name).matches("1767323045\\.M0P\\d+Q\\d+\\.mx\\.example\\.org,S=\\d+");
    String message = Files.readString(files.getFirst());
    assertThat(message)
        .startsWith("Received: from client.example ([")
        .contains("by mx.example.org (Braid) with ESMTP id ")
        .contains("for <Alice@example.org>;\r\n\tFri, 2 Jan 2026 03:04:05 +0000\r\n")
        .endsWith("Subject: hi\r\n\r\n.stuffed\r\n");
    assertThat(name).endsWith(",S=" + Files.size(files.getFirst()));
    assertThat(root.resolve("alice/tmp")).isEmptyDirectory();
    assertThat(root.resolve("alice/cur")).isEmptyDirectory();
  }

  @Test
  void aliasesAndBarePostmasterReachTheirUserAndEachUserGetsOneCopy() throws IOException {
    StringTransport t = session(config());
    t.receive(
        "MAIL FROM:<>\r\nRCPT TO:<postmaster@example.net>\r\nRCPT TO:<Postmaster>\r\n"
            + "RCPT TO:<bob@example.org>\r\nDATA\r\nhello\r\n.\r\n");
    assertThat(t.writtenUtf8()).contains("250 2.0.0 OK");
    assertThat(delivered("alice")).hasSize(1);
    assertThat(delivered("bob")).hasSize(1);
  }

  @Test
  void anUnknownLocalRecipientIsRefusedAtRcpt() {
    StringTransport t = session(config());
    t.receive("MAIL FROM:<a@remote.example>\r\nRCPT TO:<carol@example.org>\r\n");
    assertThat(t.writtenUtf8()).endsWith("550 5.1.1 No such user here: carol@example.org\r\n");
  }

  @Test
  void aCatchAllTakesEveryOtherLocalAddress() throws IOException {
    SmtpConfig config =
        SmtpConfig.defaults(
            "mx.example.org",
            LocalDomains.builder().domain("example.org").user("alice").catchAll("alice").build(),
            root);
    StringTransport t = session(config);
    t.receive("MAIL FROM:<a@r.example>\r\nRCPT TO:<anything@example.org>\r\nDATA\r\nx\r\n.\r\n");
    assertThat(t.writtenUtf8()).contains("250 2.1.5 Recipient OK").contains("250 2.0.0 OK");
    assertThat(delivered("alice")).hasSize(1);
  }

  @Test
  void relayingIsDeniedToAClientThatHasNotLoggedIn() {
    StringTransport t = session(config());
    t.receive("MAIL FROM:<a@example.org>\r\nRCPT TO:<victim@elsewhere.example>\r\nDATA\r\n");
    assertThat(t.writtenUtf8())
        .isEqualTo(
            "250 2.1.0 Sender OK\r\n"
                + "554 5.7.1 Relaying denied: log in to send to other domains\r\n"
                + "554 5.5.1 No valid recipients\r\n");
  }

  @Test
  void commandsOutOfOrderAreBadSequence() {
    StringTransport t = connect(config());
    t.receive(
        "MAIL FROM:<a@b.example>\r\nEHLO c.example\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n");
    assertThat(t.writtenUtf8())
        .contains("503 5.5.1 Say EHLO first\r\n")
        .contains("503 5.5.1 Need MAIL before RCPT\r\n503 5.5.1 Need MAIL before DATA\r\n");
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrderAndWaitForTheStore() {
    StringTransport t = session(config());
    t.receive(
        "MAIL FROM:<a@r.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\nm1\r\n.\r\n"
            + "MAIL FROM:<a@r.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\nm2\r\n.\r\nQUIT\r\n");
    assertThat(t.writtenUtf8().split("\r\n"))
        .extracting(line -> line.substring(0, 3))
        .containsExactly("250", "250", "354", "250", "250", "250", "354", "250", "221");
  }

  @Test
  void aBareLfInDataIsRefusedAndClosesTheConnectionSoNothingIsSmuggled() throws IOException {
    StringTransport t = session(config());
    t.receive(
        "MAIL FROM:<a@r.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
            + "Subject: one\r\n\r\nbody\n.\nMAIL FROM:<evil@r.example>\r\nRCPT TO:<bob@example.org>\r\n"
            + "DATA\r\nsmuggled\r\n.\r\n");
    assertThat(t.writtenUtf8())
        .endsWith(
            "500 5.5.2 Bare LF in message data refused (only CRLF ends a line: SMTP smuggling)\r\n");
    assertThat(t.disconnecting()).isTrue();
    assertThat(delivered("alice")).isEmpty();
    assertThat(delivered("bob")).isEmpty();
  }

  @Test
  void aMessageOverTheSizeLimitIsRefusedAtMailOrAfterData() throws IOException {
    SmtpConfig config = config().withMaxMessageSize(20);
    StringTransport t = session(config);
    t.receive("MAIL FROM:<a@r.example> SIZE=21\r\n");
    assertThat(t.writtenUtf8()).startsWith("552 5.3.4 Message too big");
    t.clear();
    t.receive(
        "MAIL FROM:<a@r.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n"
            + "0123456789\r\n0123456789\r\n.\r\nNOOP\r\n");
    assertThat(t.writtenUtf8())
        .endsWith("552 5.3.4 Message too big: the limit is 20 octets\r\n250 2.0.0 OK\r\n");
    assertThat(delivered("alice")).isEmpty();
  }

  @Test
  void recipientsOverTheLimitAreTransientlyRefused() {
    StringTransport t = session(config().withMaxRecipients(1));
    t.receive(
        "MAIL FROM:<a@r.example>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\n");
    assertThat(t.writtenUtf8()).endsWith("452 4.5.3 Too many recipients\r\n");
  }

  @Test
  void aLineOverTheLimitIsAnsweredAndCloses() {
    StringTransport t =
        session(config().withCommands(CommandLimits.defaults().withMaxLineLength(50)));
    t.receive("NOOP " + "x".repeat(60) + "\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("500 5.5.6 Line too long\r\n");
    assertThat(t.disconnecting()).isTrue();
  }

  @Test
  void tooManyErrorsCloseTheConnection() {
    StringTransport t = session(config().withCommands(CommandLimits.defaults().withMaxErrors(3)));
    t.receive("MAIL FROM:<a@r.example>\r\nRCPT TO:<x@example.org>\r\nRCPT TO:<y@example.org>\r\n");
    assertThat(t.disconnecting()).isFalse();
    t.receive("RCPT TO:<z@example.org>\r\n");
    assertThat(t.writtenUtf8()).endsWith("421 4.7.0 Too many errors, closing\r\n");
    assertThat(t.disconnecting()).isTrue();
  }

  @Test
  void anIdleClientIsToldAndDisconnected() {
    StringTransport t = session(config());
    reactor.clock().advance(CommandLimits.DEFAULT_IDLE_TIMEOUT);
    assertThat(t.writtenUtf8()).isEqualTo("421 4.4.2 Idle for too long, closing\r\n");
    assertThat(t.disconnecting()).isTrue();
  }

  @Test
  void connectionsOverThePerPeerLimitAreRefusedAndClosingFreesAPlace() {
    ProtocolFactory factory =
        SmtpServer.factory(reactor, config().withMaxConnectionsPerPeer(2), CLOCK);
    StringTransport first = connect(factory);
    connect(factory);
    StringTransport third = connect(factory);
    assertThat(third.writtenUtf8())
        .isEqualTo("421 4.7.0 mx.example.org Too many connections from your address\r\n");
    assertThat(third.disconnecting()).isTrue();
    third.reportDisconnect();
    first.reportDisconnect();
    StringTransport fourth = connect(factory);
    assertThat(fourth.writtenUtf8()).isEqualTo(GREETING);
    StringTransport other = new StringTransport();
    other.setPeerAddress(new InetSocketAddress("192.0.2.7", 4000));
    other.makeConnection(factory.buildProtocol(other.peerAddress()));
    assertThat(other.writtenUtf8()).isEqualTo(GREETING);
  }

  @Test
  void junkCommandsOverTheAllowanceAreAnsweredOnlyAfterTheDelay() {
    StringTransport t = session(config().withJunkCommands(2, Duration.ofSeconds(1)));
    t.receive("NOOP\r\nNOOP\r\nNOOP\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("250 2.0.0 OK\r\n");
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(t.writtenUtf8()).isEqualTo("250 2.0.0 OK\r\n250 2.0.0 OK\r\n");
  }

  @Test
  void vrfyHelpRsetAndUnknownCommands() {
    StringTransport t = session(config());
    t.receive("VRFY alice\r\nHELP\r\nRSET\r\nBDAT 10 LAST\r\n");
    assertThat(t.writtenUtf8())
        .isEqualTo(
            "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery\r\n"
                + "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP STARTTLS"
                + " AUTH\r\n250 2.0.0 OK\r\n500 5.5.1 Command unrecognized\r\n");
  }

  @Test
  void authIsNotOfferedWithoutTlsUnlessConfigured() {
    StringTransport t = session(withAuth(config()));
    t.receive("AUTH PLAIN " + Sasl.base64("\0alice\0secret") + "\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("538 5.7.11 Encryption required: STARTTLS first\r\n");
  }

  @Test
  void authPlainAndLoginLogInAndALoggedInUserMayNotRelayYet() {
    SmtpConfig config = withAuth(config()).withAuthWithoutTls(true);
    StringTransport t = connect(config);
    t.receive("EHLO c.example\r\n");
    assertThat(t.writtenUtf8()).contains("250-AUTH PLAIN LOGIN\r\n");
    t.clear();
    t.receive("AUTH PLAIN " + Sasl.base64("\0alice\0secret") + "\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("235 2.7.0 Authentication successful\r\n");
    t.clear();
    t.receive("MAIL FROM:<alice@example.org>\r\nRCPT TO:<someone@elsewhere.example>\r\n");
    assertThat(t.writtenUtf8())
        .endsWith("550 5.7.1 Relaying is not available yet: this server has no outbound queue\r\n");

    StringTransport login = connect(config);
    login.receive("EHLO c.example\r\nAUTH LOGIN\r\n");
    assertThat(login.writtenUtf8()).endsWith("334 VXNlcm5hbWU6\r\n");
    login.clear();
    login.receive(Sasl.base64("alice") + "\r\n" + Sasl.base64("secret") + "\r\n");
    assertThat(login.writtenUtf8())
        .isEqualTo("334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n");
  }

  @Test
  void aWrongPasswordIsAnsweredAfterTheDelayAndTheNextCommandWaits() {
    StringTransport t = session(withAuth(config()).withAuthWithoutTls(true));
    t.receive("AUTH PLAIN\r\n" + Sasl.base64("\0alice\0guess") + "\r\nNOOP\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("334 \r\n");
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(t.writtenUtf8())
        .isEqualTo("334 \r\n535 5.7.8 Authentication credentials invalid\r\n250 2.0.0 OK\r\n");
  }

  @Test
  void aMaildirThatCannotBeWrittenIsA451AndTheSessionGoesOn() throws IOException {
    Files.writeString(root.resolve("bob"), "a file where the maildir should be");
    StringTransport t = session(config());
    t.receive(
        "MAIL FROM:<a@r.example>\r\nRCPT TO:<alice@example.org>\r\nRCPT TO:<bob@example.org>\r\n"
            + "DATA\r\nx\r\n.\r\nNOOP\r\n");
    assertThat(t.writtenUtf8())
        .endsWith("451 4.3.0 Could not store the message; try again later\r\n250 2.0.0 OK\r\n");
    assertThat(delivered("alice")).isEmpty();
    assertThat(root.resolve("alice/tmp")).isEmptyDirectory();
  }

  @Test
  void starttlsIsRefusedWhenNotConfigured() {
    StringTransport t = session(config());
    t.receive("STARTTLS\r\n");
    assertThat(t.writtenUtf8()).isEqualTo("454 4.7.0 TLS not available\r\n");
  }
}
