package dev.braid.irc;

import dev.braid.cred.CredentialsChecker;
import dev.braid.cred.Portal;
import dev.braid.irc.codec.CaseMapping;
import dev.braid.irc.codec.IrcLimits;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything an {@link IrcServer} is configured with: its names, its message of the day, its
 * logins, and every limit, each with a default (the {@code DEFAULT_} constants) and a {@code
 * with...} method. Immutable.
 *
 * @param serverName the server's name: the source of its replies, in WHOIS and the welcome
 * @param network the network's name (ISUPPORT NETWORK, the welcome)
 * @param motd the lines of the message of the day; empty for none (422 ERR_NOMOTD)
 * @param caseMapping how nicknames and channel names compare
 * @param codec the line, tags and parameter limits of each message a client sends
 * @param nickLength the longest nickname (NICKLEN)
 * @param channelLength the longest channel name, {@code #} included (CHANNELLEN)
 * @param topicLength the longest topic kept; a longer one is cut (TOPICLEN)
 * @param awayLength the longest away message kept (AWAYLEN)
 * @param kickLength the longest kick reason kept (KICKLEN)
 * @param maxTargets the most targets of one PRIVMSG, NOTICE or TAGMSG (TARGMAX); more are refused
 *     with 407
 * @param maxChannels the most channels one client is in (CHANLIMIT); another JOIN gets 405
 * @param maxBans the most entries of a channel's ban list (MAXLIST); another gets 478
 * @param maxModes the most mode changes with a parameter in one MODE (MODES)
 * @param registrationTimeout how long a connection has to register (NICK, USER, CAP END); then
 *     ERROR and close
 * @param pingInterval how long a client may be silent before the server sends it a PING
 * @param pingTimeout how long after that PING the server waits for a line before ERROR (Ping
 *     timeout) and close
 * @param sendQueue the most bytes waiting to be sent to one client; a client that reads too slowly
 *     to stay under it is disconnected (SendQ exceeded)
 * @param floodBurst the lines a client may send at once before flood control slows it down
 * @param floodInterval after the burst, one line is read per this interval; the rest wait unread
 *     (the client's socket fills, memory does not grow)
 * @param whowasLength how many nicknames that left WHOWAS remembers
 * @param portal where SASL PLAIN logins are checked; empty: SASL is not offered
 * @param operators operator names to the checker of their password (OPER name password)
 * @param clock the wall clock of server-time tags, WHOIS sign-on times and topic times
 */
public record IrcConfig(
    String serverName,
    String network,
    List<String> motd,
    CaseMapping caseMapping,
    IrcLimits codec,
    int nickLength,
    int channelLength,
    int topicLength,
    int awayLength,
    int kickLength,
    int maxTargets,
    int maxChannels,
    int maxBans,
    int maxModes,
    Duration registrationTimeout,
    Duration pingInterval,
    Duration pingTimeout,
    int sendQueue,
    int floodBurst,
    Duration floodInterval,
    int whowasLength,
    Optional<Portal> portal,
    Map<String, CredentialsChecker> operators,
    InstantSource clock) {
  /** The name `braid.irc`. */
  public static final String DEFAULT_SERVER_NAME = "braid.irc";

  /** `Braid`. */
  public static final String DEFAULT_NETWORK = "Braid";

  /** 30 characters. */
  public static final int DEFAULT_NICK_LENGTH = 30;

  /** 50 characters. */
  public static final int DEFAULT_CHANNEL_LENGTH = 50;

  /** 390 characters. */
  public static final int DEFAULT_TOPIC_LENGTH = 390;

  /** 200 characters. */
  public static final int DEFAULT_AWAY_LENGTH = 200;

  /** 255 characters. */
  public static final int DEFAULT_KICK_LENGTH = 255;

  /** 4 targets. */
  public static final int DEFAULT_MAX_TARGETS = 4;

  /** 20 channels. */
  public static final int DEFAULT_MAX_CHANNELS = 20;

  /** 50 masks. */
  public static final int DEFAULT_MAX_BANS = 50;

  /** 4 changes. */
  public static final int DEFAULT_MAX_MODES = 4;

  /** 30 seconds. */
  public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(30);

  /** Two minutes. */
  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMinutes(2);

  /** One minute. */
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofMinutes(1);

  /** 256 KiB. */
  public static final int DEFAULT_SEND_QUEUE = 256 * 1024;

  /** 20 lines. */
  public static final int DEFAULT_FLOOD_BURST = 20;

  /** Half a second (two lines a second). */
  public static final Duration DEFAULT_FLOOD_INTERVAL = Duration.ofMillis(500);

  /** 200 entries. */
  public static final int DEFAULT_WHOWAS_LENGTH = 200;

  /** Checks every part is present and every limit positive. */
  public IrcConfig {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(motd, "motd");
    Objects.requireNonNull(caseMapping, "caseMapping");
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(registrationTimeout, "registrationTimeout");
    Objects.requireNonNull(pingInterval, "pingInterval");
    Objects.requireNonNull(pingTimeout, "pingTimeout");
    Objects.requireNonNull(floodInterval, "floodInterval");
    Objects.requireNonNull(portal, "portal");
    Objects.requireNonNull(operators, "operators");
    Objects.requireNonNull(clock, "clock");
    motd = List.copyOf(motd);
    operators = Map.copyOf(operators);
    if (serverName.isEmpty() || serverName.indexOf(' ') >= 0 || serverName.indexOf('.') < 0) {
      throw new IllegalArgumentException(
          "a server name is one word with a dot in it (irc.example.org), got " + serverName);
    }
    if (network.isEmpty() || network.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("a network name is one word, got " + network);
    }
    positive("nickLength", nickLength);
    positive("channelLength", channelLength);
    positive("topicLength", topicLength);
    positive("awayLength", awayLength);
    positive("kickLength", kickLength);
    positive("maxTargets", maxTargets);
    positive("maxChannels", maxChannels);
    positive("maxBans", maxBans);
    positive("maxModes", maxModes);
    positive("registrationTimeout", registrationTimeout);
    positive("pingInterval", pingInterval);
    positive("pingTimeout", pingTimeout);
    positive("sendQueue", sendQueue);
    positive("floodBurst", floodBurst);
    positive("floodInterval", floodInterval);
    positive("whowasLength", whowasLength);
  }

  /** The defaults: the {@code DEFAULT_} constants, no MOTD, no logins, no operators. */
  public static IrcConfig defaults() {
    return new IrcConfig(
        "braid.irc",
        "Braid",
        List.of(),
        CaseMapping.RFC1459,
        IrcLimits.defaults(),
        DEFAULT_NICK_LENGTH,
        DEFAULT_CHANNEL_LENGTH,
        DEFAULT_TOPIC_LENGTH,
        DEFAULT_AWAY_LENGTH,
        DEFAULT_KICK_LENGTH,
        DEFAULT_MAX_TARGETS,
        DEFAULT_MAX_CHANNELS,
        DEFAULT_MAX_BANS,
        DEFAULT_MAX_MODES,
        DEFAULT_REGISTRATION_TIMEOUT,
        DEFAULT_PING_INTERVAL,
        DEFAULT_PING_TIMEOUT,
        DEFAULT_SEND_QUEUE,
        DEFAULT_FLOOD_BURST,
        DEFAULT_FLOOD_INTERVAL,
        DEFAULT_WHOWAS_LENGTH,
        Optional.empty(),
        Map.of(),
        InstantSource.system());
  }

  /** This configuration with another serverName. */
  public IrcConfig withServerName(String v) {
    return new IrcConfig(
        v,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another network. */
  public IrcConfig withNetwork(String v) {
    return new IrcConfig(
        serverName,
        v,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another motd. */
  public IrcConfig withMotd(List<String> v) {
    return new IrcConfig(
        serverName,
        network,
        v,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another caseMapping. */
  public IrcConfig withCaseMapping(CaseMapping v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        v,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another codec. */
  public IrcConfig withCodec(IrcLimits v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        v,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another nickLength. */
  public IrcConfig withNickLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        v,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another channelLength. */
  public IrcConfig withChannelLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        v,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another topicLength. */
  public IrcConfig withTopicLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        v,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another awayLength. */
  public IrcConfig withAwayLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        v,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another kickLength. */
  public IrcConfig withKickLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        v,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another maxTargets. */
  public IrcConfig withMaxTargets(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        v,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another maxChannels. */
  public IrcConfig withMaxChannels(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        v,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another maxBans. */
  public IrcConfig withMaxBans(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        v,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another maxModes. */
  public IrcConfig withMaxModes(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        v,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another registrationTimeout. */
  public IrcConfig withRegistrationTimeout(Duration v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        v,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another pingInterval. */
  public IrcConfig withPingInterval(Duration v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        v,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another pingTimeout. */
  public IrcConfig withPingTimeout(Duration v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        v,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another sendQueue. */
  public IrcConfig withSendQueue(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        v,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another floodBurst. */
  public IrcConfig withFloodBurst(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        v,
        floodInterval,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another floodInterval. */
  public IrcConfig withFloodInterval(Duration v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        v,
        whowasLength,
        portal,
        operators,
        clock);
  }

  /** This configuration with another whowasLength. */
  public IrcConfig withWhowasLength(int v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        v,
        portal,
        operators,
        clock);
  }

  /** This configuration with SASL PLAIN logins checked by {@code v}. */
  public IrcConfig withPortal(Portal v) {
    Objects.requireNonNull(v, "portal");
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        Optional.of(v),
        operators,
        clock);
  }

  /** This configuration with another operators. */
  public IrcConfig withOperators(Map<String, CredentialsChecker> v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        v,
        clock);
  }

  /** This configuration with another clock. */
  public IrcConfig withClock(InstantSource v) {
    return new IrcConfig(
        serverName,
        network,
        motd,
        caseMapping,
        codec,
        nickLength,
        channelLength,
        topicLength,
        awayLength,
        kickLength,
        maxTargets,
        maxChannels,
        maxBans,
        maxModes,
        registrationTimeout,
        pingInterval,
        pingTimeout,
        sendQueue,
        floodBurst,
        floodInterval,
        whowasLength,
        portal,
        operators,
        v);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
