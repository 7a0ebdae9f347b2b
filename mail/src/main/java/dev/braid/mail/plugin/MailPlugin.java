package dev.braid.mail.plugin;

import dev.braid.cred.Realm;
import dev.braid.mail.LocalDomains;
import dev.braid.mail.smtp.SmtpConfig;
import dev.braid.mail.smtp.SmtpServer;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.tls.CertificateKey;
import dev.braid.net.tls.TlsOptions;
import dev.braid.plugin.AuthOptions;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code braid mail}: an SMTP server receiving mail for local domains into maildirs. */
@Command(
    name = "mail",
    mixinStandardHelpOptions = true,
    description =
        "SMTP server (ESMTP, RFC 5321) receiving mail for the --domain domains into the maildirs of"
            + " the --user users (DIR/USER/{tmp,new,cur}); 250 only once a message is fsynced."
            + " With --auth, users log in (AUTH PLAIN, LOGIN) after STARTTLS. Never an open relay;"
            + " relaying for logged-in users is not available yet.")
public final class MailPlugin extends ListeningPlugin {
  @Mixin private AuthOptions auth;

  @Option(
      names = "--domain",
      paramLabel = "DOMAIN",
      required = true,
      description = "A local domain to receive mail for (repeatable, at least one).")
  private List<String> domains;

  @Option(
      names = "--maildirs",
      paramLabel = "DIR",
      required = true,
      description = "The directory holding each user's maildir, DIR/USER.")
  private Path maildirs;

  @Option(
      names = "--user",
      paramLabel = "USER[:ALIAS...]",
      description =
          "A user receiving USER@DOMAIN and ALIAS@DOMAIN for every --domain (repeatable), e.g."
              + " alice:postmaster:abuse.")
  private List<String> users = new ArrayList<>();

  @Option(
      names = "--catch-all",
      paramLabel = "USER",
      description = "The user receiving every local address no --user has (default: none, 550).")
  private String catchAll;

  @Option(
      names = "--tls",
      paramLabel = "certKey=PEM[:privateKey=PEM]",
      description = "Offer STARTTLS with this certificate (and key; default: in the same file).")
  private String tls;

  @Option(
      names = "--auth-without-tls",
      description = "Offer AUTH on connections without TLS too (passwords in the clear).")
  private boolean authWithoutTls;

  @Option(
      names = "--hostname",
      paramLabel = "NAME",
      description =
          "The server's name in its greeting and Received: headers (default: this host's).")
  private String hostname;

  @Option(
      names = "--max-message-size",
      paramLabel = "OCTETS",
      defaultValue = "" + SmtpConfig.DEFAULT_MAX_MESSAGE_SIZE,
      description = "The largest message (default: ${DEFAULT-VALUE}).")
  private long maxMessageSize;

  @Option(
      names = "--max-recipients",
      paramLabel = "N",
      defaultValue = "" + SmtpConfig.DEFAULT_MAX_RECIPIENTS,
      description = "Recipients of one message (default: ${DEFAULT-VALUE}).")
  private int maxRecipients;

  @Option(
      names = "--max-connections-per-peer",
      paramLabel = "N",
      defaultValue = "" + SmtpConfig.DEFAULT_MAX_CONNECTIONS_PER_PEER,
      description = "Connections at once from one IP address (default: ${DEFAULT-VALUE}).")
  private int maxConnectionsPerPeer;

  @Option(
      names = "--max-line-length",
      paramLabel = "OCTETS",
      defaultValue = "" + dev.braid.protocols.CommandLimits.DEFAULT_MAX_LINE_LENGTH,
      description = "The longest command or message line (default: ${DEFAULT-VALUE}).")
  private int maxLineLength;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "300",
      description = "How long to wait for the client's next line (default: ${DEFAULT-VALUE}).")
  private long idleTimeout;

  @Option(
      names = "--max-errors",
      paramLabel = "N",
      defaultValue = "" + dev.braid.protocols.CommandLimits.DEFAULT_MAX_ERRORS,
      description =
          "Refused commands on one connection before it closes (default: ${DEFAULT-VALUE}).")
  private int maxErrors;

  @Option(
      names = "--max-junk-commands",
      paramLabel = "N",
      defaultValue = "" + SmtpConfig.DEFAULT_MAX_JUNK_COMMANDS,
      description =
          "NOOP, RSET, VRFY, HELP, EHLO and HELO on one connection before each further one waits"
              + " a second (default: ${DEFAULT-VALUE}).")
  private int maxJunkCommands;

  @Override
  protected String defaultEndpoint() {
    return "tcp:2525";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    if (idleTimeout < 1) {
      throw new IllegalArgumentException("--idle-timeout must be at least 1 second");
    }
    LocalDomains.Builder local = LocalDomains.builder();
    for (String domain : domains) {
      local.domain(domain);
    }
    for (String spec : users) {
      String[] parts = spec.split(":", -1);
      local.user(parts[0], java.util.Arrays.copyOfRange(parts, 1, parts.length));
    }
    if (catchAll != null) {
      local.catchAll(catchAll);
    }
    SmtpConfig config =
        SmtpConfig.defaults(hostname == null ? localHostName() : hostname, local.build(), maildirs)
            .withAuthWithoutTls(authWithoutTls)
            .withMaxMessageSize(maxMessageSize)
            .withMaxRecipients(maxRecipients)
            .withMaxConnectionsPerPeer(maxConnectionsPerPeer)
            .withJunkCommands(maxJunkCommands, SmtpConfig.DEFAULT_JUNK_COMMAND_DELAY);
    config =
        config.withCommands(
            config
                .commands()
                .withMaxLineLength(maxLineLength)
                .withIdleTimeout(Duration.ofSeconds(idleTimeout))
                .withMaxErrors(maxErrors));
    if (tls != null) {
      config = config.withTls(TlsOptions.server(certificate(tls)).build());
    }
    var portal = auth.portal(reactor, Realm.avatarIds());
    if (portal.isPresent()) {
      config = config.withPortal(portal.get());
    }
    return SmtpServer.factory(reactor, config);
  }

  /** Reads {@code certKey=PEM[:privateKey=PEM]}. */
  private static CertificateKey certificate(String spec) {
    Map<String, String> params = new HashMap<>();
    for (String part : spec.split(":")) {
      int eq = part.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("--tls takes certKey=PEM[:privateKey=PEM], got " + spec);
      }
      params.put(part.substring(0, eq), part.substring(eq + 1));
    }
    String cert = params.remove("certKey");
    String key = params.remove("privateKey");
    if (cert == null || !params.isEmpty()) {
      throw new IllegalArgumentException("--tls takes certKey=PEM[:privateKey=PEM], got " + spec);
    }
    try {
      return key == null
          ? CertificateKey.fromPem(Path.of(cert))
          : CertificateKey.fromPem(Path.of(cert), Path.of(key));
    } catch (IOException e) {
      throw new UncheckedIOException("--tls: cannot read " + cert + ": " + e.getMessage(), e);
    }
  }

  private static String localHostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.isEmpty() || name.contains(" ") ? "localhost" : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
