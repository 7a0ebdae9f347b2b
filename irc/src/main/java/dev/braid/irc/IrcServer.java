package dev.braid.irc;

import dev.braid.irc.codec.CaseMapping;
import dev.braid.net.ProtocolFactory;
import dev.braid.time.ReactorTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An IRC server: the users and channels its connections share (Twisted words' role, in the protocol
 * of RFC 1459 and 2812 with IRCv3's capabilities). {@link #factory()} makes one connection's
 * protocol per client; every connection of one server sees the same nicknames and channels. The
 * commands it serves, its replies and its limits are in {@code docs/irc.md}.
 *
 * <pre>{@code
 * IrcServer server = new IrcServer(reactor, IrcConfig.defaults().withServerName("irc.example.org"));
 * Endpoints.serverFromString(reactor, "tcp:6667").listen(server.factory());
 * }</pre>
 *
 * <p>Reactor thread only: every connection, and every query of the counts, runs on the reactor
 * whose clock the server was given.
 */
public final class IrcServer {
  private static final DateTimeFormatter SERVER_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** One nickname that left, for WHOWAS. */
  record Whowas(String nick, String user, String host, String realname, long time) {}

  private final ReactorTime time;
  private final IrcConfig config;
  private final Map<String, IrcConnection> users = new HashMap<>();
  private final Map<String, Channel> channels = new HashMap<>();
  private final ArrayDeque<Whowas> whowas = new ArrayDeque<>();
  private final String created;
  private int connections;

  /** A server on {@code time}'s clock (its timeouts) configured by {@code config}. */
  public IrcServer(ReactorTime time, IrcConfig config) {
    this.time = Objects.requireNonNull(time, "time");
    this.config = Objects.requireNonNull(config, "config");
    this.created =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            config.clock().instant().atOffset(ZoneOffset.UTC));
  }

  /** A factory of the connections of a new server on {@code time}'s clock. */
  public static ProtocolFactory factory(ReactorTime time, IrcConfig config) {
    return new IrcServer(time, config).factory();
  }

  /** A factory of this server's connections, one per client. */
  public ProtocolFactory factory() {
    return peer -> new IrcConnection(this);
  }

  /** The configuration. */
  public IrcConfig config() {
    return config;
  }

  /** The number of registered users. */
  public int userCount() {
    return users.size();
  }

  /** The number of channels (a channel lives while it has members). */
  public int channelCount() {
    return channels.size();
  }

  ReactorTime time() {
    return time;
  }

  CaseMapping mapping() {
    return config.caseMapping();
  }

  String createdText() {
    return created;
  }

  /** Now, as a server-time tag. */
  String now() {
    return SERVER_TIME.format(config.clock().instant());
  }

  /** Now, in seconds since the epoch. */
  long epochSeconds() {
    Instant now = config.clock().instant();
    return now.getEpochSecond();
  }

  void connected() {
    connections++;
  }

  void disconnected() {
    connections--;
  }

  int unregisteredCount() {
    return connections - users.size();
  }

  Optional<IrcConnection> user(String nick) {
    return Optional.ofNullable(users.get(mapping().fold(nick)));
  }

  Collection<IrcConnection> users() {
    return Collections.unmodifiableCollection(users.values());
  }

  /** True if {@code nick} is free, or is {@code client}'s own nick in another case. */
  boolean nickAvailable(String nick, IrcConnection client) {
    IrcConnection holder = users.get(mapping().fold(nick));
    return holder == null || holder == client;
  }

  void addUser(IrcConnection client) {
    users.put(mapping().fold(client.nick()), client);
  }

  void renameUser(IrcConnection client, String oldNick) {
    users.remove(mapping().fold(oldNick));
    users.put(mapping().fold(client.nick()), client);
    remember(client, oldNick);
  }

  void removeUser(IrcConnection client) {
    if (users.remove(mapping().fold(client.nick()), client)) {
      remember(client, client.nick());
    }
  }

  int operatorCount() {
    int n = 0;
    for (IrcConnection user : users.values()) {
      n += user.oper() ? 1 : 0;
    }
    return n;
  }

  Optional<Channel> channel(String name) {
    return Optional.ofNullable(channels.get(mapping().fold(name)));
  }

  Channel createChannel(String name) {
    return channels.computeIfAbsent(mapping().fold(name), k -> new Channel(name, epochSeconds()));
  }

  Collection<Channel> channels() {
    return Collections.unmodifiableCollection(channels.values());
  }

  /** Forgets {@code channel} if nobody is left in it. */
  void dropIfEmpty(Channel channel) {
    if (channel.members.isEmpty()) {
      channels.remove(mapping().fold(channel.name), channel);
    }
  }

  /** The WHOWAS entries of {@code nick}, newest first, at most {@code count}. */
  List<Whowas> whowas(String nick, int count) {
    List<Whowas> found = new ArrayList<>();
    Iterator<Whowas> newestFirst = whowas.descendingIterator();
    while (newestFirst.hasNext() && found.size() < count) {
      Whowas entry = newestFirst.next();
      if (mapping().equal(entry.nick(), nick)) {
        found.add(entry);
      }
    }
    return found;
  }

  private void remember(IrcConnection client, String nick) {
    whowas.addLast(
        new Whowas(nick, client.user(), client.host(), client.realname(), epochSeconds()));
    while (whowas.size() > config.whowasLength()) {
      whowas.removeFirst();
    }
  }
}
