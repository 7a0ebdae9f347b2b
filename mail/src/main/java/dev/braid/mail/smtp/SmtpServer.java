package dev.braid.mail.smtp;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials.UsernamePassword;
import dev.braid.cred.LoginRateLimited;
import dev.braid.cred.LoginResult;
import dev.braid.defer.Deferred;
import dev.braid.mail.Maildirs;
import dev.braid.mail.smtp.codec.BareLineEndingException;
import dev.braid.mail.smtp.codec.MailFrom;
import dev.braid.mail.smtp.codec.Mailbox;
import dev.braid.mail.smtp.codec.MessageReader;
import dev.braid.mail.smtp.codec.RcptTo;
import dev.braid.mail.smtp.codec.Sasl;
import dev.braid.mail.smtp.codec.SmtpCommands;
import dev.braid.mail.smtp.codec.SmtpReply;
import dev.braid.mail.smtp.codec.SmtpSyntaxException;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.protocols.CommandReplies;
import dev.braid.protocols.LineCommandServer;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Timing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ESMTP server (RFC 5321) that receives mail for the local domains of its {@link SmtpConfig} and
 * stores each message durably into the recipients' maildirs, built on {@link LineCommandServer}
 * (dispatch, pipelining in order, the line, idle, error and login limits, and a STARTTLS that drops
 * what the client pipelined after the command).
 *
 * <p><b>Extensions:</b> PIPELINING, SIZE, 8BITMIME, SMTPUTF8, ENHANCEDSTATUSCODES (every reply but
 * the greeting, EHLO's and 354 carries an RFC 3463 code), STARTTLS when the config has TLS, and
 * AUTH PLAIN and LOGIN through the config's portal, offered only over TLS unless {@link
 * SmtpConfig#authWithoutTls()}.
 *
 * <p><b>Recipients:</b> local addresses of known users (and their aliases, and the catch-all) are
 * taken; an unknown local address is {@code 550 5.1.1}. A non-local address is relaying: refused
 * with {@code 554 5.7.1} for a client that has not logged in (never an open relay), and for one
 * that has, {@code 550 5.7.1 Relaying is not available yet}: this server has no outbound queue yet.
 *
 * <p><b>DATA:</b> read by a {@link MessageReader}; only {@code CRLF.CRLF} ends the message, and a
 * bare CR or LF in it is answered {@code 500 5.5.2} and closes the connection (SMTP smuggling). A
 * {@code Received:} header is added; the message is written into each maildir on a virtual thread
 * ({@code deferToThread}), and {@code 250} is sent only once every copy is fsynced; a failure is
 * {@code 451 4.3.0} and nothing is kept. Commands the client pipelined after DATA wait until then.
 *
 * <p>Everything runs on the reactor thread except the maildir writes.
 */
public final class SmtpServer extends LineCommandServer {
  private static final Logger LOG = LoggerFactory.getLogger(SmtpServer.class);
  private static final AtomicLong IDS = new AtomicLong();

  private static final CommandReplies REPLIES =
      new CommandReplies(
          "500 5.5.1 Command unrecognized",
          "501 5.5.2 Syntax error",
          "500 5.5.6 Line too long",
          "421 4.4.2 Idle for too long, closing",
          "421 4.7.0 Too many errors, closing",
          "451 4.3.0 Local error in processing");

  private static final DateTimeFormatter RFC5322_DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

  private final Reactor reactor;
  private final SmtpConfig config;
  private final Maildirs maildirs;
  private final Clock clock;
  private final Runnable onClose;
  private final boolean refused;

  private String helo;
  private boolean esmtp;
  private String user;
  private int junk;
  private MailFrom mail;
  private final List<String> recipients = new ArrayList<>();
  private final List<String> forwardPaths = new ArrayList<>();

  private SmtpServer(
      Reactor reactor, SmtpConfig config, Clock clock, boolean refused, Runnable onClose) {
    super(reactor, config.commands(), REPLIES);
    this.reactor = reactor;
    this.config = config;
    this.clock = clock;
    this.refused = refused;
    this.onClose = onClose;
    this.maildirs = new Maildirs(config.maildirs(), config.hostname(), clock);
    command("EHLO", arg -> junk(() -> hello(arg, true)));
    command("HELO", arg -> junk(() -> hello(arg, false)));
    command("MAIL", this::mail);
    command("RCPT", this::rcpt);
    command("DATA", this::data);
    asyncCommand("RSET", arg -> delayIfJunk(this::rset));
    asyncCommand("NOOP", arg -> delayIfJunk(() -> send(SmtpReply.of(250, "2.0.0", "OK"))));
    asyncCommand(
        "VRFY",
        arg ->
            delayIfJunk(
                () ->
                    send(
                        SmtpReply.of(
                            252,
                            "2.5.0",
                            "Cannot VRFY user, but will accept message and attempt delivery"))));
    asyncCommand(
        "HELP",
        arg ->
            delayIfJunk(
                () ->
                    send(
                        SmtpReply.of(
                            214,
                            "2.0.0",
                            "Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY HELP"
                                + " STARTTLS AUTH"))));
    command("QUIT", this::quit);
    command("STARTTLS", this::startTls);
    asyncCommand("AUTH", this::auth);
  }

  /**
   * The factory of servers on {@code reactor} with {@code config}: counts connections per IP
   * address ({@link SmtpConfig#maxConnectionsPerPeer()}, on this factory's reactor), and times
   * Received: headers and maildir file names by the system clock.
   */
  public static ProtocolFactory factory(Reactor reactor, SmtpConfig config) {
    return factory(reactor, config, Clock.systemUTC());
  }

  /** As {@link #factory(Reactor, SmtpConfig)}, with the wall clock {@code clock}. */
  public static ProtocolFactory factory(Reactor reactor, SmtpConfig config, Clock clock) {
    Map<InetAddress, Integer> open = new HashMap<>();
    return peer -> {
      InetAddress address = peer instanceof InetSocketAddress inet ? inet.getAddress() : null;
      if (address == null) {
        return new SmtpServer(reactor, config, clock, false, () -> {});
      }
      int now = open.merge(address, 1, Integer::sum);
      Runnable release = () -> open.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
      return new SmtpServer(reactor, config, clock, now > config.maxConnectionsPerPeer(), release);
    };
  }

  /** Greets the client, or tells it that its address has too many connections and closes. */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    if (refused) {
      LOG.info(
          "Refusing {}: over {} connections from its address",
          transport.peerAddress(),
          config.maxConnectionsPerPeer());
      send(
          SmtpReply.of(
              421, "4.7.0", config.hostname() + " Too many connections from your address"));
      transport.loseConnection();
      return;
    }
    send(SmtpReply.plain(220, config.hostname() + " ESMTP Braid"));
  }

  /** Releases this connection's place in the per-address count. */
  @Override
  public void connectionLost(Throwable reason) {
    super.connectionLost(reason);
    onClose.run();
  }

  private void send(SmtpReply reply) {
    for (String line : reply.lines()) {
      reply(line);
    }
  }

  /** Sends a refusal and counts it against the error limit. */
  private void refuse(SmtpReply reply) {
    List<String> lines = reply.lines();
    for (int i = 0; i < lines.size() - 1; i++) {
      reply(lines.get(i));
    }
    commandError(lines.getLast());
  }

  private void junk(Runnable command) {
    junk++;
    command.run();
  }

  private Deferred<?> delayIfJunk(Runnable command) {
    junk++;
    if (junk <= config.maxJunkCommands() || config.junkCommandDelay().isZero()) {
      command.run();
      return null;
    }
    return Timing.deferLater(time(), config.junkCommandDelay())
        .addCallback(
            ignored -> {
              command.run();
              return null;
            });
  }

  private boolean authOffered() {
    return config.portal().isPresent() && (tlsActive() || config.authWithoutTls());
  }

  private void hello(String argument, boolean extended) {
    String domain;
    try {
      domain = SmtpCommands.helloDomain(argument);
    } catch (SmtpSyntaxException e) {
      refuse(e.reply());
      return;
    }
    resetTransaction();
    helo = domain;
    esmtp = extended;
    String greeting = config.hostname() + " Hello " + domain;
    if (!extended) {
      send(SmtpReply.plain(250, greeting));
      return;
    }
    List<String> lines = new ArrayList<>();
    lines.add(greeting);
    lines.add("PIPELINING");
    lines.add("SIZE " + config.maxMessageSize());
    lines.add("8BITMIME");
    lines.add("SMTPUTF8");
    lines.add("ENHANCEDSTATUSCODES");
    if (config.tls().isPresent() && !tlsActive()) {
      lines.add("STARTTLS");
    }
    if (authOffered()) {
      lines.add("AUTH PLAIN LOGIN");
    }
    lines.add("HELP");
    send(new SmtpReply(250, Optional.empty(), lines));
  }

  private void mail(String argument) {
    if (helo == null) {
      refuse(SmtpReply.of(503, "5.5.1", "Say EHLO first"));
      return;
    }
    if (mail != null) {
      refuse(SmtpReply.of(503, "5.5.1", "Sender already given (RSET to start over)"));
      return;
    }
    MailFrom from;
    try {
      from = SmtpCommands.mailFrom(argument);
    } catch (SmtpSyntaxException e) {
      refuse(e.reply());
      return;
    }
    if (from.size().isPresent() && from.size().getAsLong() > config.maxMessageSize()) {
      refuse(
          SmtpReply.of(
              552,
              "5.3.4",
              "Message too big: the limit is " + config.maxMessageSize() + " octets"));
      return;
    }
    mail = from;
    send(SmtpReply.of(250, "2.1.0", "Sender OK"));
  }

  private void rcpt(String argument) {
    if (mail == null) {
      refuse(SmtpReply.of(503, "5.5.1", "Need MAIL before RCPT"));
      return;
    }
    RcptTo to;
    try {
      to = SmtpCommands.rcptTo(argument, mail.smtpUtf8());
    } catch (SmtpSyntaxException e) {
      refuse(e.reply());
      return;
    }
    if (forwardPaths.size() >= config.maxRecipients()) {
      send(SmtpReply.of(452, "4.5.3", "Too many recipients"));
      return;
    }
    Mailbox mailbox = to.recipient();
    String domain =
        mailbox.isBarePostmaster()
            ? config.domains().domains().iterator().next()
            : mailbox.domain();
    if (!config.domains().isLocal(domain)) {
      if (user == null) {
        LOG.info("Refused relaying from {} to {}", transport().peerAddress(), mailbox);
        refuse(SmtpReply.of(554, "5.7.1", "Relaying denied: log in to send to other domains"));
      } else {
        refuse(
            SmtpReply.of(
                550, "5.7.1", "Relaying is not available yet: this server has no outbound queue"));
      }
      return;
    }
    Optional<String> owner = config.domains().userFor(mailbox.localPart(), domain);
    if (owner.isEmpty()) {
      refuse(SmtpReply.of(550, "5.1.1", "No such user here: " + mailbox.address()));
      return;
    }
    if (!recipients.contains(owner.get())) {
      recipients.add(owner.get());
    }
    forwardPaths.add(mailbox.address());
    send(SmtpReply.of(250, "2.1.5", "Recipient OK"));
  }

  private void data(String argument) {
    if (!argument.isEmpty()) {
      refuse(SmtpReply.of(501, "5.5.4", "DATA takes no argument"));
      return;
    }
    if (mail == null) {
      refuse(SmtpReply.of(503, "5.5.1", "Need MAIL before DATA"));
      return;
    }
    if (recipients.isEmpty()) {
      refuse(SmtpReply.of(554, "5.5.1", "No valid recipients"));
      return;
    }
    send(SmtpReply.plain(354, "End data with <CR><LF>.<CR><LF>"));
    MessageReader message = new MessageReader(config.maxMessageSize());
    readLines(
        line -> {
          try {
            if (message.line(line)) {
              return true;
            }
          } catch (BareLineEndingException e) {
            LOG.info(
                "Closing the connection with {}: {}", transport().peerAddress(), e.getMessage());
            send(e.reply());
            resetTransaction();
            transport().loseConnection();
            return false;
          }
          if (message.tooBig()) {
            resetTransaction();
            refuse(
                SmtpReply.of(
                    552,
                    "5.3.4",
                    "Message too big: the limit is " + config.maxMessageSize() + " octets"));
            return false;
          }
          holdUntil(store(message.message()));
          return false;
        });
  }

  private Deferred<Void> store(ByteString body) {
    String id = Long.toString(IDS.incrementAndGet(), 36) + Long.toString(clock.millis(), 36);
    ByteString whole = ByteString.utf8(receivedHeader(id)).concat(body);
    List<String> users = List.copyOf(recipients);
    resetTransaction();
    return reactor
        .deferToThread(() -> maildirs.deliver(users, whole))
        .addCallbacks(
            stored -> {
              LOG.debug("Stored message {} for {}", id, users);
              send(SmtpReply.of(250, "2.0.0", "OK: stored as " + id));
              return null;
            },
            error -> {
              LOG.warn("Could not store message {} for {}", id, users, error);
              send(SmtpReply.of(451, "4.3.0", "Could not store the message; try again later"));
              return null;
            });
  }

  private String receivedHeader(String id) {
    String peer = "unknown";
    SocketAddress address = transport().peerAddress();
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      peer = inet.getAddress().getHostAddress();
    }
    String with =
        esmtp
            ? (mail.smtpUtf8() ? "UTF8" : "")
                + "ESMTP"
                + (tlsActive() ? "S" : "")
                + (user != null ? "A" : "")
            : "SMTP";
    String date = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC)).format(RFC5322_DATE);
    String forClause =
        forwardPaths.size() == 1 ? "\r\n\tfor <" + forwardPaths.getFirst() + ">" : "";
    return "Received: from "
        + helo
        + " (["
        + peer
        + "])\r\n\tby "
        + config.hostname()
        + " (Braid) with "
        + with
        + " id "
        + id
        + forClause
        + ";\r\n\t"
        + date
        + "\r\n";
  }

  private void rset() {
    resetTransaction();
    send(SmtpReply.of(250, "2.0.0", "OK"));
  }

  private void quit(String argument) {
    send(SmtpReply.of(221, "2.0.0", config.hostname() + " closing"));
    transport().loseConnection();
  }

  private void startTls(String argument) {
    if (config.tls().isEmpty()) {
      refuse(SmtpReply.of(454, "4.7.0", "TLS not available"));
      return;
    }
    if (tlsActive()) {
      refuse(SmtpReply.of(503, "5.5.1", "TLS already active"));
      return;
    }
    if (!argument.isEmpty()) {
      refuse(SmtpReply.of(501, "5.5.4", "STARTTLS takes no argument"));
      return;
    }
    // Plaintext the client sent after STARTTLS is thrown away by the base class, never executed.
    startTls(
        SmtpReply.of(220, "2.0.0", "Ready to start TLS").lines().getFirst(), config.tls().get());
    resetTransaction();
    helo = null;
    esmtp = false;
    user = null;
  }

  private Deferred<?> auth(String argument) {
    if (config.portal().isEmpty()) {
      refuse(SmtpReply.of(503, "5.5.1", "AUTH not available"));
      return null;
    }
    if (!authOffered()) {
      refuse(SmtpReply.of(538, "5.7.11", "Encryption required: STARTTLS first"));
      return null;
    }
    if (helo == null || !esmtp) {
      refuse(SmtpReply.of(503, "5.5.1", "Say EHLO first"));
      return null;
    }
    if (user != null) {
      refuse(SmtpReply.of(503, "5.5.1", "Already logged in"));
      return null;
    }
    if (mail != null) {
      refuse(SmtpReply.of(503, "5.5.1", "AUTH is not allowed during a mail transaction"));
      return null;
    }
    String[] words = argument.split(" ", -1);
    String mechanism = words[0].toUpperCase(Locale.ROOT);
    if (words.length > 2) {
      refuse(SmtpReply.of(501, "5.5.4", "Syntax: AUTH MECHANISM [INITIAL-RESPONSE]"));
      return null;
    }
    Optional<String> initial =
        words.length == 2 ? Optional.of(words[1].equals("=") ? "" : words[1]) : Optional.empty();
    switch (mechanism) {
      case "PLAIN" -> {
        if (initial.isPresent()) {
          return plain(initial.get());
        }
        reply("334 ");
        readLines(
            line -> {
              String text = line.utf8();
              if (!cancelled(text)) {
                holdUntil(plain(text));
              }
              return false;
            });
        return null;
      }
      case "LOGIN" -> {
        String[] name = new String[1];
        if (initial.isPresent()) {
          try {
            name[0] = Sasl.text(initial.get());
          } catch (SmtpSyntaxException e) {
            refuse(e.reply());
            return null;
          }
        }
        reply("334 " + (name[0] == null ? Sasl.LOGIN_USERNAME : Sasl.LOGIN_PASSWORD));
        readLines(
            line -> {
              String text = line.utf8();
              if (cancelled(text)) {
                return false;
              }
              String decoded;
              try {
                decoded = Sasl.text(text);
              } catch (SmtpSyntaxException e) {
                refuse(e.reply());
                return false;
              }
              if (name[0] == null) {
                name[0] = decoded;
                reply("334 " + Sasl.LOGIN_PASSWORD);
                return true;
              }
              holdUntil(login(name[0], decoded));
              return false;
            });
        return null;
      }
      default -> {
        refuse(SmtpReply.of(504, "5.5.4", "Unknown AUTH mechanism; use PLAIN or LOGIN"));
        return null;
      }
    }
  }

  private boolean cancelled(String response) {
    if (response.equals("*")) {
      refuse(SmtpReply.of(501, "5.7.0", "Authentication cancelled"));
      return true;
    }
    return false;
  }

  private Deferred<?> plain(String response) {
    Sasl.Plain plain;
    try {
      plain = Sasl.plain(response);
    } catch (SmtpSyntaxException e) {
      refuse(e.reply());
      return Deferred.succeed(null);
    }
    if (!plain.authorizationId().isEmpty() && !plain.authorizationId().equals(plain.user())) {
      refuse(SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
      return Deferred.succeed(null);
    }
    return login(plain.user(), plain.password());
  }

  private Deferred<Void> login(String name, String password) {
    UsernamePassword credentials = UsernamePassword.of(name, password);
    SocketAddress peer = transport().peerAddress();
    return login(() -> config.portal().get().login(credentials, peer, String.class))
        .addCallbacks(
            (LoginResult<String> result) -> {
              user = result.avatarId();
              result.logout();
              LOG.info("{} logged in from {}", user, peer);
              send(SmtpReply.of(235, "2.7.0", "Authentication successful"));
              return null;
            },
            error -> {
              refuse(
                  error instanceof LoginRateLimited
                      ? SmtpReply.of(454, "4.7.0", "Too many logins under way; try again later")
                      : SmtpReply.of(535, "5.7.8", "Authentication credentials invalid"));
              return null;
            });
  }

  private void resetTransaction() {
    mail = null;
    recipients.clear();
    forwardPaths.clear();
  }
}
