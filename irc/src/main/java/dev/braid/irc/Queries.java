package dev.braid.irc;

import dev.braid.irc.codec.IrcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a client asks about others: WHO, WHOIS, WHOWAS, ISON, USERHOST, LUSERS, MOTD; and AWAY. */
final class Queries {
  /** The most users one WHO with a mask lists. */
  private static final int MAX_WHO = 200;

  private Queries() {}

  static void who(IrcConnection c, IrcMessage m) {
    String mask = m.param(0).filter(s -> !s.isEmpty()).orElse("*");
    boolean opersOnly = m.param(1).map(s -> s.equals("o")).orElse(false);
    if (mask.startsWith("#")) {
      Optional<Channel> channel = c.server.channel(mask);
      if (channel.isPresent() && (!channel.get().secret || channel.get().members.containsKey(c))) {
        for (var entry : channel.get().members.entrySet()) {
          if (!opersOnly || entry.getKey().oper()) {
            whoReply(c, channel.get().name, entry.getKey(), entry.getValue());
          }
        }
      }
    } else {
      int listed = 0;
      for (IrcConnection user : List.copyOf(c.server.users())) {
        if (listed == MAX_WHO) {
          break;
        }
        boolean visible = !user.invisible || user == c || sharesChannel(c, user);
        boolean matches =
            c.server.mapping().equal(mask, user.nick())
                || (visible
                    && (Masks.matches(mask, user.nick(), c.server.mapping())
                        || Masks.matches(mask, user.host(), c.server.mapping())
                        || Masks.matches(mask, user.realname(), c.server.mapping())));
        if (matches && (!opersOnly || user.oper())) {
          whoReply(c, "*", user, null);
          listed++;
        }
      }
    }
    c.numeric(Numeric.RPL_ENDOFWHO, mask, "End of /WHO list");
  }

  private static void whoReply(
      IrcConnection c, String channel, IrcConnection user, Channel.Member member) {
    String flags =
        (user.away.isPresent() ? "G" : "H")
            + (user.oper() ? "*" : "")
            + (member == null ? "" : member.prefix(c.has(Cap.MULTI_PREFIX)));
    c.numeric(
        Numeric.RPL_WHOREPLY,
        channel,
        user.user(),
        user.host(),
        c.config.serverName(),
        user.nick(),
        flags,
        "0 " + user.realname());
  }

  private static boolean sharesChannel(IrcConnection a, IrcConnection b) {
    for (Channel channel : a.channels) {
      if (channel.members.containsKey(b)) {
        return true;
      }
    }
    return false;
  }

  static void whois(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.numeric(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    String nick = m.params().get(m.params().size() - 1).split(",")[0];
    Optional<IrcConnection> found = c.server.user(nick);
    if (found.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
      c.numeric(Numeric.RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
      return;
    }
    IrcConnection user = found.get();
    c.numeric(Numeric.RPL_WHOISUSER, user.nick(), user.user(), user.host(), "*", user.realname());
    List<String> channels = new ArrayList<>();
    for (Channel channel : user.channels) {
      if (!channel.secret || channel.members.containsKey(c)) {
        channels.add(channel.member(user).prefix(c.has(Cap.MULTI_PREFIX)) + channel.name);
      }
    }
    if (!channels.isEmpty()) {
      c.numeric(Numeric.RPL_WHOISCHANNELS, user.nick(), String.join(" ", channels));
    }
    c.numeric(Numeric.RPL_WHOISSERVER, user.nick(), c.config.serverName(), c.config.network());
    user.away.ifPresent(text -> c.numeric(Numeric.RPL_AWAY, user.nick(), text));
    if (user.oper()) {
      c.numeric(Numeric.RPL_WHOISOPERATOR, user.nick(), "is an IRC operator");
    }
    user.account.ifPresent(
        account -> c.numeric(Numeric.RPL_WHOISACCOUNT, user.nick(), account, "is logged in as"));
    long now = c.server.epochSeconds();
    c.numeric(
        Numeric.RPL_WHOISIDLE,
        user.nick(),
        Long.toString(Math.max(0, now - user.lastSpoke)),
        Long.toString(user.signon),
        "seconds idle, signon time");
    c.numeric(Numeric.RPL_ENDOFWHOIS, user.nick(), "End of /WHOIS list");
  }

  static void whowas(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.numeric(Numeric.ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    String nick = m.params().get(0);
    int count = 10;
    try {
      count = m.param(1).map(Integer::parseInt).filter(n -> n > 0).orElse(10);
    } catch (NumberFormatException e) {
      // the default count
    }
    List<IrcServer.Whowas> entries = c.server.whowas(nick, Math.min(count, 10));
    if (entries.isEmpty()) {
      c.numeric(Numeric.ERR_WASNOSUCHNICK, nick, "There was no such nickname");
    }
    for (IrcServer.Whowas entry : entries) {
      c.numeric(
          Numeric.RPL_WHOWASUSER, entry.nick(), entry.user(), entry.host(), "*", entry.realname());
      c.numeric(
          Numeric.RPL_WHOISSERVER,
          entry.nick(),
          c.config.serverName(),
          Long.toString(entry.time()));
    }
    c.numeric(Numeric.RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
  }

  static void away(IrcConnection c, IrcMessage m) {
    Optional<String> text =
        m.param(0)
            .filter(t -> !t.isEmpty())
            .map(t -> ChannelCommands.cut(t, c.config.awayLength()));
    if (text.equals(c.away)) {
      c.numeric(text.isPresent() ? Numeric.RPL_NOWAWAY : Numeric.RPL_UNAWAY, awayText(text));
      return;
    }
    c.away = text;
    c.numeric(text.isPresent() ? Numeric.RPL_NOWAWAY : Numeric.RPL_UNAWAY, awayText(text));
    IrcMessage notice =
        text.isPresent() ? IrcMessage.of("AWAY", text.get()) : IrcMessage.of("AWAY");
    Outgoing out = c.from(notice);
    for (IrcConnection peer : peersOf(c)) {
      if (peer.has(Cap.AWAY_NOTIFY)) {
        peer.send(out);
      }
    }
  }

  private static String awayText(Optional<String> text) {
    return text.isPresent()
        ? "You have been marked as being away"
        : "You are no longer marked as being away";
  }

  /** The other members of {@code c}'s channels, once each. */
  static List<IrcConnection> peersOf(IrcConnection c) {
    java.util.Set<IrcConnection> peers = new java.util.LinkedHashSet<>();
    for (Channel channel : c.channels) {
      peers.addAll(channel.members.keySet());
    }
    peers.remove(c);
    return List.copyOf(peers);
  }

  static void ison(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("ISON");
      return;
    }
    List<String> online = new ArrayList<>();
    for (String param : m.params()) {
      for (String nick : param.split(" +")) {
        if (!nick.isEmpty()) {
          c.server.user(nick).ifPresent(u -> online.add(u.nick()));
        }
      }
    }
    c.numeric(Numeric.RPL_ISON, String.join(" ", online));
  }

  static void userhost(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("USERHOST");
      return;
    }
    List<String> replies = new ArrayList<>();
    for (String nick : m.params().subList(0, Math.min(5, m.params().size()))) {
      c.server
          .user(nick)
          .ifPresent(
              u ->
                  replies.add(
                      u.nick()
                          + (u.oper() ? "*" : "")
                          + "="
                          + (u.away.isPresent() ? "-" : "+")
                          + u.user()
                          + "@"
                          + u.host()));
    }
    c.numeric(Numeric.RPL_USERHOST, String.join(" ", replies));
  }

  static void lusers(IrcConnection c, IrcMessage m) {
    int users = c.server.userCount();
    int invisible = 0;
    for (IrcConnection user : c.server.users()) {
      invisible += user.invisible ? 1 : 0;
    }
    c.numeric(
        Numeric.RPL_LUSERCLIENT,
        "There are " + (users - invisible) + " users and " + invisible + " invisible on 1 servers");
    c.numeric(
        Numeric.RPL_LUSEROP, Integer.toString(c.server.operatorCount()), "operator(s) online");
    c.numeric(
        Numeric.RPL_LUSERUNKNOWN,
        Integer.toString(c.server.unregisteredCount()),
        "unknown connection(s)");
    c.numeric(
        Numeric.RPL_LUSERCHANNELS, Integer.toString(c.server.channelCount()), "channels formed");
    c.numeric(Numeric.RPL_LUSERME, "I have " + users + " clients and 0 servers");
    String count = Integer.toString(users);
    c.numeric(Numeric.RPL_LOCALUSERS, count, count, "Current local users " + users);
    c.numeric(Numeric.RPL_GLOBALUSERS, count, count, "Current global users " + users);
  }

  static void motd(IrcConnection c, IrcMessage m) {
    List<String> motd = c.config.motd();
    if (motd.isEmpty()) {
      c.numeric(Numeric.ERR_NOMOTD, "MOTD File is missing");
      return;
    }
    c.numeric(Numeric.RPL_MOTDSTART, "- " + c.config.serverName() + " Message of the day - ");
    for (String line : motd) {
      c.numeric(Numeric.RPL_MOTD, "- " + line);
    }
    c.numeric(Numeric.RPL_ENDOFMOTD, "End of /MOTD command.");
  }
}
