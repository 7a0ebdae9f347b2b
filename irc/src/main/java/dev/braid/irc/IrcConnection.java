package dev.braid.irc;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.irc.codec.IrcMessage;
import dev.braid.irc.codec.IrcParser;
import dev.braid.irc.codec.IrcProtocolException;
import dev.braid.net.Transport;
import dev.braid.protocols.CommandLimits;
import dev.braid.protocols.CommandLine;
import dev.braid.protocols.CommandReplies;
import dev.braid.protocols.LineCommandServer;
import dev.braid.protocols.LineEnding;
import dev.braid.time.DelayedCall;
import dev.braid.time.Timeout;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's connection to an {@link IrcServer}: its registration, its state (nickname, user,
 * modes, capabilities, channels) and the writing of what it is sent. The commands themselves live
 * by area in {@link Registration}, {@link ChannelCommands}, {@link ChannelModes}, {@link
 * Messaging}, {@link Queries} and {@link Operators}.
 *
 * <p>Lines come through {@link LineCommandServer} (CR LF or a bare LF), which also brings the line
 * limit, pausing while a login is checked, and the login-failure limits. On top of it: flood
 * control (a token bucket; when it is empty the connection stops being read until a token is back),
 * the send queue (a client whose unsent bytes pass {@link IrcConfig#sendQueue()} is dropped), the
 * registration timeout and PING after silence.
 */
final class IrcConnection extends LineCommandServer {
  private static final Logger LOG = LoggerFactory.getLogger(IrcConnection.class);

  /** A command handler of one area: the connection it came on and the message. */
  @FunctionalInterface
  interface Handler {
    void handle(IrcConnection client, IrcMessage message) throws Exception;
  }

  final IrcServer server;
  final IrcConfig config;
  private final Timeout registrationTimer;
  private final Timeout pinger;
  final Set<Cap> caps = EnumSet.noneOf(Cap.class);
  final Set<Channel> channels = new LinkedHashSet<>();
  private IrcMessage current;

  private String nick = "*";
  private String user;
  private String realname = "";
  private String host = "unknown";
  private boolean registered;
  boolean capNegotiating;
  boolean oper;
  boolean invisible;
  Optional<String> away = Optional.empty();
  Optional<String> account = Optional.empty();
  final StringBuilder saslBuffer = new StringBuilder();
  boolean saslStarted;
  long signon;
  long lastSpoke;
  private String quitReason = "Connection closed";
  private boolean quitAnnounced;

  private double tokens;
  private long refilledAt;
  private boolean floodPaused;
  private boolean writePaused;
  private DelayedCall floodResume;

  IrcConnection(IrcServer server) {
    super(server.time(), limits(server.config()), replies(server.config()), LineEnding.LF_OR_CRLF);
    this.server = server;
    this.config = server.config();
    this.registrationTimer = server.time().timeout(this::registrationTimedOut);
    this.pinger = server.time().timeout(this::silent);
    this.tokens = config.floodBurst();
    always("CAP", Registration::cap);
    always("PASS", Registration::pass);
    always("NICK", Registration::nick);
    always("USER", Registration::user);
    always("PING", Registration::ping);
    always("PONG", (c, m) -> {});
    always("QUIT", Registration::quit);
    asyncCommand("AUTHENTICATE", argument -> Registration.authenticate(this, current));
    registered("JOIN", ChannelCommands::join);
    registered("PART", ChannelCommands::part);
    registered("TOPIC", ChannelCommands::topic);
    registered("NAMES", ChannelCommands::names);
    registered("LIST", ChannelCommands::list);
    registered("INVITE", ChannelCommands::invite);
    registered("KICK", ChannelCommands::kick);
    registered("MODE", ChannelModes::mode);
    registered("PRIVMSG", Messaging::privmsg);
    registered("NOTICE", Messaging::notice);
    registered("TAGMSG", Messaging::tagmsg);
    registered("WHO", Queries::who);
    registered("WHOIS", Queries::whois);
    registered("WHOWAS", Queries::whowas);
    registered("AWAY", Queries::away);
    registered("ISON", Queries::ison);
    registered("USERHOST", Queries::userhost);
    registered("LUSERS", Queries::lusers);
    registered("MOTD", Queries::motd);
    registered("KILL", Operators::kill);
    asyncCommand(
        "OPER", argument -> registered ? Operators.oper(this, current) : notRegisteredAnswered());
  }

  private static CommandLimits limits(IrcConfig config) {
    return CommandLimits.defaults()
        .withMaxLineLength(config.codec().maxWholeLine())
        .withIdleTimeout(config.pingInterval().plus(config.pingTimeout()));
  }

  private static CommandReplies replies(IrcConfig config) {
    String server = ":" + config.serverName() + " ";
    return new CommandReplies(
        server + Numeric.ERR_UNKNOWNCOMMAND + " * :Unknown command",
        "ERROR :Closing link: (Malformed line)",
        server + Numeric.ERR_INPUTTOOLONG + " * :Input line was too long",
        "ERROR :Closing link: (Ping timeout)",
        "ERROR :Closing link: (Too many errors)",
        server + Numeric.ERR_UNKNOWNERROR + " * :Internal error");
  }

  private void always(String verb, Handler handler) {
    command(verb, argument -> handler.handle(this, current));
  }

  private void registered(String verb, Handler handler) {
    command(
        verb,
        argument -> {
          if (registered) {
            handler.handle(this, current);
          } else {
            notRegisteredAnswered();
          }
        });
  }

  private Deferred<?> notRegisteredAnswered() {
    numeric(Numeric.ERR_NOTREGISTERED, "You have not registered");
    return null;
  }

  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    SocketAddress peer = transport.peerAddress();
    if (peer instanceof InetSocketAddress inet && inet.getAddress() != null) {
      host = inet.getAddress().getHostAddress();
      if (host.indexOf(':') >= 0) {
        host = "[" + host + "]"; // an IPv6 address must not look like a parameter start
      }
    }
    // Flow control needs the write buffer's marks below the send queue, so a slow reader's
    // replies pause its own reading before its queue fills.
    transport.setWriteBufferWaterMarks(
        Math.min(16 * 1024, config.sendQueue() / 4), Math.min(64 * 1024, config.sendQueue() / 2));
    server.connected();
    refilledAt = server.time().nanoTime();
    registrationTimer.setTimeout(config.registrationTimeout());
  }

  @Override
  public void connectionLost(Throwable reason) {
    super.connectionLost(reason);
    registrationTimer.cancelTimeout();
    pinger.cancelTimeout();
    if (floodResume != null && floodResume.active()) {
      floodResume.cancel();
    }
    server.disconnected();
    if (registered) {
      announceQuit(quitReason);
      server.removeUser(this);
    }
  }

  /** Parses the line as an IRC message; answers bad ones itself. */
  @Override
  protected CommandLine parse(ByteString line) {
    pinger.resetTimeout();
    takeFloodToken();
    current = null;
    try {
      Optional<IrcMessage> message = IrcParser.parseLine(line, config.codec());
      if (message.isPresent()) {
        current = message.get();
        return new CommandLine(current.command(), "", line);
      }
    } catch (IrcProtocolException e) {
      switch (e.reason()) {
        case LINE_TOO_LONG, TAGS_TOO_LONG ->
            numeric(Numeric.ERR_INPUTTOOLONG, "Input line was too long");
        case MALFORMED -> {
          LOG.info("Closing the connection with {}: {}", host, e.getMessage());
          close("Malformed line: " + e.getMessage());
        }
      }
    }
    return new CommandLine("", "", line);
  }

  @Override
  protected void unknownCommand(CommandLine command) {
    if (current != null && !transport().disconnecting()) {
      numeric(Numeric.ERR_UNKNOWNCOMMAND, current.command(), "Unknown command");
    }
  }

  /** The transport's write buffer is over its high-water mark: stop reading this client. */
  @Override
  public void pauseProducing() {
    writePaused = true;
    super.pauseProducing();
  }

  /** The write buffer drained: read again, unless flood control holds the client. */
  @Override
  public void resumeProducing() {
    writePaused = false;
    if (!floodPaused) {
      super.resumeProducing();
    }
  }

  // --- state -----------------------------------------------------------------------------------

  String nick() {
    return nick;
  }

  void nick(String nick) {
    this.nick = nick;
  }

  String user() {
    return user == null ? "*" : user;
  }

  void user(String user, String realname) {
    this.user = user;
    this.realname = realname;
  }

  boolean hasUser() {
    return user != null;
  }

  String realname() {
    return realname;
  }

  String host() {
    return host;
  }

  boolean registered() {
    return registered;
  }

  boolean oper() {
    return oper;
  }

  boolean has(Cap cap) {
    return caps.contains(cap);
  }

  /** {@code nick!user@host}: the source of what this client sends. */
  String mask() {
    return nick + "!" + user() + "@" + host;
  }

  /** Runs a login attempt under the connection's login limits (the failure delay and count). */
  <A> Deferred<A> attemptLogin(Supplier<Deferred<A>> attempt) {
    return login(attempt);
  }

  /** The client's address, as the transport has it (the real one, through the PROXY protocol). */
  SocketAddress peer() {
    return transport().peerAddress();
  }

  /** The message being handled. */
  IrcMessage current() {
    return current;
  }

  /** Called once NICK, USER and the capability negotiation are done. */
  void completeRegistration() {
    registered = true;
    registrationTimer.cancelTimeout();
    pinger.setTimeout(config.pingInterval());
    signon = server.epochSeconds();
    lastSpoke = signon;
    server.addUser(this);
    LOG.debug("{} registered as {}", host, mask());
  }

  // --- writing ---------------------------------------------------------------------------------

  /** Sends {@code message} as it is (a message from the server or about this client). */
  void send(IrcMessage message) {
    write(message.encode());
  }

  /** Sends a relayed message, tagged for this client's capabilities. */
  void send(Outgoing message) {
    write(message.to(this));
  }

  /** Sends numeric {@code code} to this client: {@code :server code nick params...}. */
  void numeric(String code, String... params) {
    List<String> all = new ArrayList<>(params.length + 1);
    all.add(nick);
    for (int i = 0; i < params.length; i++) {
      String p = params[i];
      boolean last = i == params.length - 1;
      // a middle parameter that came from a client (a target) must still be one word
      all.add(!last && (p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":")) ? "*" : p);
    }
    send(new IrcMessage(Map.of(), Optional.of(config.serverName()), code, all));
  }

  /** Answers 461 for {@code command}. */
  void needMoreParams(String command) {
    numeric(Numeric.ERR_NEEDMOREPARAMS, command, "Not enough parameters");
  }

  /** A message from this client (as its source), stamped now, with the client tags it sent. */
  Outgoing from(IrcMessage message, Map<String, String> clientTags) {
    return new Outgoing(message.withSource(mask()), clientTags, server.now());
  }

  /** A message from this client with no client tags. */
  Outgoing from(IrcMessage message) {
    return from(message, Map.of());
  }

  /** Sends {@code message} to this client and to each member of its channels, once each. */
  void sendToSelfAndPeers(Outgoing message, Cap onlyWith) {
    Set<IrcConnection> seen = new LinkedHashSet<>();
    seen.add(this);
    for (Channel channel : channels) {
      seen.addAll(channel.members.keySet());
    }
    for (IrcConnection peer : List.copyOf(seen)) {
      if (onlyWith == null || peer == this || peer.has(onlyWith)) {
        peer.send(message);
      }
    }
  }

  /** Sends {@code ERROR :Closing link: ...} and closes, quitting with {@code reason}. */
  void close(String reason) {
    if (transport().disconnecting()) {
      return;
    }
    quitReason = reason;
    send(IrcMessage.of("ERROR", "Closing link: " + host + " (" + reason + ")"));
    transport().loseConnection();
  }

  /** Tells the peers in this client's channels that it quit, and leaves the channels. */
  void announceQuit(String reason) {
    if (quitAnnounced) {
      return;
    }
    quitAnnounced = true;
    Outgoing quit = from(IrcMessage.of("QUIT", reason));
    Set<IrcConnection> peers = new LinkedHashSet<>();
    for (Channel channel : channels) {
      channel.members.remove(this);
      peers.addAll(channel.members.keySet());
      server.dropIfEmpty(channel);
    }
    channels.clear();
    for (IrcConnection peer : peers) {
      peer.send(quit);
    }
  }

  private void write(ByteString bytes) {
    Transport t = transport();
    if (t.disconnecting()) {
      return;
    }
    t.write(bytes);
    if (t.bufferedBytes() > config.sendQueue()) {
      LOG.info(
          "Dropping {} ({}): {} bytes unsent, over the send queue of {}",
          nick,
          host,
          t.bufferedBytes(),
          config.sendQueue());
      quitReason = "SendQ exceeded";
      t.abortConnection();
    }
  }

  // --- timers and flood control -----------------------------------------------------------------

  private void registrationTimedOut() {
    if (!registered) {
      LOG.info("Closing the connection with {}: not registered in time", host);
      close("Registration timed out");
    }
  }

  private void silent() {
    if (!transport().disconnecting()) {
      send(IrcMessage.of("PING", config.serverName()));
    }
  }

  private void takeFloodToken() {
    long now = server.time().nanoTime();
    double interval = config.floodInterval().toNanos();
    tokens = Math.min(config.floodBurst(), tokens + (now - refilledAt) / interval);
    refilledAt = now;
    tokens -= 1;
    if (tokens < 1 && !floodPaused) {
      floodPaused = true;
      super.pauseProducing();
      long wait = (long) Math.ceil((1 - tokens) * interval);
      floodResume = server.time().callLater(Duration.ofNanos(Math.max(1, wait)), this::floodOver);
    }
  }

  private void floodOver() {
    floodPaused = false;
    if (!writePaused && !transport().disconnecting()) {
      super.resumeProducing();
    }
  }
}
