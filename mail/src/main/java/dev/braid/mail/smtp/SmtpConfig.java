package dev.braid.mail.smtp;

import dev.braid.cred.Portal;
import dev.braid.mail.LocalDomains;
import dev.braid.net.tls.TlsOptions;
import dev.braid.protocols.CommandLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What an {@link SmtpServer} serves and every limit it keeps: one record, with defaults ({@link
 * #defaults}) and a {@code with...} method per setting. Immutable.
 *
 * @param hostname the server's name in the greeting, EHLO reply and Received: headers
 * @param domains the local domains and their users
 * @param maildirs the root of the users' maildirs ({@code maildirs/USER})
 * @param portal where AUTH logs users in; empty: no AUTH offered
 * @param tls the server's TLS for STARTTLS; empty: no STARTTLS offered
 * @param authWithoutTls offer AUTH on a connection without TLS (plain passwords in the clear): off
 *     by default
 * @param commands the line-command limits: line length (commands and message lines), idle timeout,
 *     errors, failed logins
 * @param maxMessageSize the largest message in octets (SIZE, and counted while reading DATA)
 * @param maxRecipients recipients in one message; more are answered {@code 452 4.5.3}
 * @param maxConnectionsPerPeer connections at once from one IP address; more are answered {@code
 *     421 4.7.0} and closed
 * @param maxJunkCommands NOOP, RSET, VRFY, HELP, EHLO and HELO allowed on one connection before
 *     each further one is answered only after {@code junkCommandDelay}
 * @param junkCommandDelay how long each junk command over the allowance waits for its reply
 */
public record SmtpConfig(
    String hostname,
    LocalDomains domains,
    Path maildirs,
    Optional<Portal> portal,
    Optional<TlsOptions> tls,
    boolean authWithoutTls,
    CommandLimits commands,
    long maxMessageSize,
    int maxRecipients,
    int maxConnectionsPerPeer,
    int maxJunkCommands,
    Duration junkCommandDelay) {

  /** 10 MiB a message. */
  public static final long DEFAULT_MAX_MESSAGE_SIZE = 10L * 1024 * 1024;

  /** 100 recipients a message (RFC 5321 4.5.3.1.8's minimum a server must accept). */
  public static final int DEFAULT_MAX_RECIPIENTS = 100;

  /** 10 connections at once from one address. */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_PEER = 10;

  /** 100 junk commands a connection. */
  public static final int DEFAULT_MAX_JUNK_COMMANDS = 100;

  /** One second for each junk command over the allowance. */
  public static final Duration DEFAULT_JUNK_COMMAND_DELAY = Duration.ofSeconds(1);

  /** Checks that no part is null and every limit makes sense. */
  public SmtpConfig {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(maildirs, "maildirs");
    Objects.requireNonNull(portal, "portal");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(commands, "commands");
    Objects.requireNonNull(junkCommandDelay, "junkCommandDelay");
    if (hostname.isEmpty() || hostname.contains(" ")) {
      throw new IllegalArgumentException("hostname must be one word, got \"" + hostname + "\"");
    }
    tls.ifPresent(
        t -> {
          if (!t.isServer()) {
            throw new IllegalArgumentException("tls must be server options (TlsOptions.server)");
          }
        });
    if (maxMessageSize < 1) {
      throw new IllegalArgumentException(
          "maxMessageSize must be at least 1, got " + maxMessageSize);
    }
    if (maxRecipients < 1) {
      throw new IllegalArgumentException("maxRecipients must be at least 1, got " + maxRecipients);
    }
    if (maxConnectionsPerPeer < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerPeer must be at least 1, got " + maxConnectionsPerPeer);
    }
    if (maxJunkCommands < 0) {
      throw new IllegalArgumentException(
          "maxJunkCommands must not be negative, got " + maxJunkCommands);
    }
    if (junkCommandDelay.isNegative()) {
      throw new IllegalArgumentException(
          "junkCommandDelay must not be negative, got " + junkCommandDelay);
    }
  }

  /**
   * A server named {@code hostname} for {@code domains}, storing into {@code maildirs}, with every
   * limit at its default, no AUTH and no STARTTLS.
   */
  public static SmtpConfig defaults(String hostname, LocalDomains domains, Path maildirs) {
    return new SmtpConfig(
        hostname,
        domains,
        maildirs,
        Optional.empty(),
        Optional.empty(),
        false,
        CommandLimits.defaults(),
        DEFAULT_MAX_MESSAGE_SIZE,
        DEFAULT_MAX_RECIPIENTS,
        DEFAULT_MAX_CONNECTIONS_PER_PEER,
        DEFAULT_MAX_JUNK_COMMANDS,
        DEFAULT_JUNK_COMMAND_DELAY);
  }

  /** This config with AUTH through {@code v}. */
  public SmtpConfig withPortal(Portal v) {
    Parts p = new Parts(this);
    p.portal = Optional.of(v);
    return p.build();
  }

  /** This config with STARTTLS offered with {@code v} (server options). */
  public SmtpConfig withTls(TlsOptions v) {
    Parts p = new Parts(this);
    p.tls = Optional.of(v);
    return p.build();
  }

  /** This config with AUTH offered (or not) on connections without TLS. */
  public SmtpConfig withAuthWithoutTls(boolean v) {
    Parts p = new Parts(this);
    p.authWithoutTls = v;
    return p.build();
  }

  /** This config with other line-command limits. */
  public SmtpConfig withCommands(CommandLimits v) {
    Parts p = new Parts(this);
    p.commands = v;
    return p.build();
  }

  /** This config with another message size limit. */
  public SmtpConfig withMaxMessageSize(long v) {
    Parts p = new Parts(this);
    p.maxMessageSize = v;
    return p.build();
  }

  /** This config with another recipient limit. */
  public SmtpConfig withMaxRecipients(int v) {
    Parts p = new Parts(this);
    p.maxRecipients = v;
    return p.build();
  }

  /** This config with another limit of connections from one address. */
  public SmtpConfig withMaxConnectionsPerPeer(int v) {
    Parts p = new Parts(this);
    p.maxConnectionsPerPeer = v;
    return p.build();
  }

  /** This config with another junk-command allowance and delay. */
  public SmtpConfig withJunkCommands(int max, Duration delay) {
    Parts p = new Parts(this);
    p.maxJunkCommands = max;
    p.junkCommandDelay = delay;
    return p.build();
  }

  /** The components of a config, to change one and build the copy. */
  private static final class Parts {
    private final String hostname;
    private final LocalDomains domains;
    private final Path maildirs;
    private Optional<Portal> portal;
    private Optional<TlsOptions> tls;
    private boolean authWithoutTls;
    private CommandLimits commands;
    private long maxMessageSize;
    private int maxRecipients;
    private int maxConnectionsPerPeer;
    private int maxJunkCommands;
    private Duration junkCommandDelay;

    Parts(SmtpConfig c) {
      hostname = c.hostname;
      domains = c.domains;
      maildirs = c.maildirs;
      portal = c.portal;
      tls = c.tls;
      authWithoutTls = c.authWithoutTls;
      commands = c.commands;
      maxMessageSize = c.maxMessageSize;
      maxRecipients = c.maxRecipients;
      maxConnectionsPerPeer = c.maxConnectionsPerPeer;
      maxJunkCommands = c.maxJunkCommands;
      junkCommandDelay = c.junkCommandDelay;
    }

    SmtpConfig build() {
      return new SmtpConfig(
          hostname,
          domains,
          maildirs,
          portal,
          tls,
          authWithoutTls,
          commands,
          maxMessageSize,
          maxRecipients,
          maxConnectionsPerPeer,
          maxJunkCommands,
          junkCommandDelay);
    }
  }
}
