package dev.braid.irc.plugin;

import dev.braid.cred.Checkers;
import dev.braid.cred.CredentialsChecker;
import dev.braid.cred.Realm;
import dev.braid.irc.IrcConfig;
import dev.braid.irc.IrcServer;
import dev.braid.irc.codec.CaseMapping;
import dev.braid.net.ProtocolFactory;
import dev.braid.plugin.AuthOptions;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.ReactorGroup;
import dev.braid.service.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code braid words}: an IRC server (Twisted's {@code twistd words}). */
@Command(
    name = "words",
    mixinStandardHelpOptions = true,
    description =
        "IRC server: channels with modes and bans, operators (--oper), SASL PLAIN logins"
            + " (--auth), IRCv3 capabilities (message-tags, server-time, echo-message,"
            + " multi-prefix, away-notify, account-notify). Listen on tls:6697:certKey=FILE for"
            + " TLS.")
public final class WordsPlugin extends ListeningPlugin {
  @Mixin private AuthOptions auth;

  @Option(
      names = "--server-name",
      paramLabel = "NAME",
      defaultValue = IrcConfig.DEFAULT_SERVER_NAME,
      description = "The server's name, with a dot in it (default: ${DEFAULT-VALUE}).")
  private String serverName;

  @Option(
      names = "--network",
      paramLabel = "NAME",
      defaultValue = IrcConfig.DEFAULT_NETWORK,
      description = "The network's name, shown in the welcome (default: ${DEFAULT-VALUE}).")
  private String network;

  @Option(
      names = "--motd",
      paramLabel = "FILE",
      description = "The message of the day, a UTF-8 text file (default: none).")
  private Path motd;

  @Option(
      names = "--oper",
      paramLabel = "NAME:SPEC",
      description =
          "An operator account (repeatable): OPER NAME PASSWORD is checked against SPEC, a"
              + " checker written as for --auth (memory:..., file:PATH, ...); e.g. --oper"
              + " admin:memory:admin:secret.")
  private List<String> opers;

  @Option(
      names = "--casemapping",
      paramLabel = "MAPPING",
      defaultValue = "rfc1459",
      description = "How names compare: rfc1459 or ascii (default: ${DEFAULT-VALUE}).")
  private String caseMapping;

  @Option(
      names = "--max-channels",
      paramLabel = "N",
      defaultValue = "" + IrcConfig.DEFAULT_MAX_CHANNELS,
      description = "The most channels one user may be in (default: ${DEFAULT-VALUE}).")
  private int maxChannels;

  @Option(
      names = "--send-queue",
      paramLabel = "BYTES",
      defaultValue = "" + IrcConfig.DEFAULT_SEND_QUEUE,
      description =
          "Disconnect a client that leaves this many bytes unread (default: ${DEFAULT-VALUE}).")
  private int sendQueue;

  @Option(
      names = "--ping-interval",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "PING a client silent this long; drop it if it stays silent half as long again"
              + " (default: ${DEFAULT-VALUE}).")
  private long pingInterval;

  @Override
  protected String defaultEndpoint() {
    return "tcp:6667";
  }

  /**
   * Serves on the group's first reactor only: one server's users and channels live on one reactor
   * thread.
   */
  @Override
  public Service service(ReactorGroup group) {
    return service(group.reactors().getFirst());
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    if (pingInterval < 2) {
      throw new IllegalArgumentException("--ping-interval must be at least 2 seconds");
    }
    IrcConfig config =
        IrcConfig.defaults()
            .withServerName(serverName)
            .withNetwork(network)
            .withCaseMapping(caseMapping(caseMapping))
            .withMaxChannels(maxChannels)
            .withSendQueue(sendQueue)
            .withPingInterval(Duration.ofSeconds(pingInterval))
            .withPingTimeout(Duration.ofSeconds(pingInterval / 2))
            .withOperators(operators(reactor));
    if (motd != null) {
      config = config.withMotd(readMotd(motd));
    }
    var portal = auth.portal(reactor, Realm.avatarIds());
    if (portal.isPresent()) {
      config = config.withPortal(portal.get());
    }
    return new IrcServer(reactor, config).factory();
  }

  private static CaseMapping caseMapping(String name) {
    for (CaseMapping mapping : CaseMapping.values()) {
      if (mapping.token().equals(name)) {
        return mapping;
      }
    }
    throw new IllegalArgumentException("--casemapping is rfc1459 or ascii, not " + name);
  }

  private Map<String, CredentialsChecker> operators(Reactor reactor) {
    Map<String, CredentialsChecker> operators = new HashMap<>();
    if (opers == null) {
      return operators;
    }
    for (String spec : opers) {
      int colon = spec.indexOf(':');
      if (colon <= 0 || colon == spec.length() - 1) {
        throw new IllegalArgumentException("--oper wants NAME:SPEC, not " + spec);
      }
      operators.put(
          spec.substring(0, colon), Checkers.fromString(reactor, spec.substring(colon + 1)));
    }
    return operators;
  }

  private static List<String> readMotd(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(line -> line.replace("\r", "").replace("\0", ""))
          .toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("--motd: cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
