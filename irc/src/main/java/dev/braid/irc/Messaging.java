package dev.braid.irc;

import dev.braid.irc.codec.IrcMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PRIVMSG, NOTICE and TAGMSG to users and channels: the channel's rules ({@code +n}, {@code +m},
 * bans), away replies, echo-message, client-only tags (message-tags) and the limit on targets.
 * NOTICE never gets an error reply (RFC 2812 section 3.3.2), so two bots cannot loop on errors.
 */
final class Messaging {
  private Messaging() {}

  static void privmsg(IrcConnection c, IrcMessage m) {
    deliver(c, m, "PRIVMSG", true);
  }

  static void notice(IrcConnection c, IrcMessage m) {
    deliver(c, m, "NOTICE", false);
  }

  static void tagmsg(IrcConnection c, IrcMessage m) {
    deliver(c, m, "TAGMSG", true);
  }

  private static void deliver(IrcConnection c, IrcMessage m, String command, boolean replies) {
    boolean tagOnly = command.equals("TAGMSG");
    if (m.params().isEmpty() || m.params().get(0).isEmpty()) {
      if (replies) {
        c.numeric(Numeric.ERR_NORECIPIENT, "No recipient given (" + command + ")");
      }
      return;
    }
    if (!tagOnly && (m.params().size() < 2 || m.params().get(1).isEmpty())) {
      if (replies) {
        c.numeric(Numeric.ERR_NOTEXTTOSEND, "No text to send");
      }
      return;
    }
    String[] targets = m.params().get(0).split(",");
    if (targets.length > c.config.maxTargets()) {
      if (replies) {
        c.numeric(
            Numeric.ERR_TOOMANYTARGETS,
            m.params().get(0),
            "Too many targets; at most " + c.config.maxTargets());
      }
      return;
    }
    Map<String, String> clientTags = new LinkedHashMap<>();
    for (Map.Entry<String, String> tag : m.tags().entrySet()) {
      if (tag.getKey().startsWith("+")) {
        clientTags.put(tag.getKey(), tag.getValue());
      }
    }
    c.lastSpoke = c.server.epochSeconds();
    for (String target : targets) {
      List<String> params = tagOnly ? List.of(target) : List.of(target, m.params().get(1));
      if (target.startsWith("#")) {
        toChannel(c, target, IrcMessage.of(command, params), clientTags, replies, tagOnly);
      } else {
        toUser(c, target, command, m, clientTags, replies, tagOnly);
      }
    }
  }

  private static void toChannel(
      IrcConnection c,
      String name,
      IrcMessage message,
      Map<String, String> clientTags,
      boolean replies,
      boolean tagOnly) {
    Optional<Channel> found = c.server.channel(name);
    if (found.isEmpty()) {
      if (replies) {
        c.numeric(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
      }
      return;
    }
    Channel channel = found.get();
    Channel.Member member = channel.member(c);
    boolean voiced = member != null && (member.op || member.voice);
    String refused = null;
    if (member == null && channel.noExternal) {
      refused = "Cannot send to channel (no external messages)";
    } else if (channel.moderated && !voiced) {
      refused = "Cannot send to channel (+m)";
    } else if (!voiced && channel.banned(c, c.server.mapping())) {
      refused = "Cannot send to channel (you are banned)";
    }
    if (refused != null) {
      if (replies) {
        c.numeric(Numeric.ERR_CANNOTSENDTOCHAN, channel.name, refused);
      }
      return;
    }
    IrcMessage named =
        IrcMessage.of(
            message.command(),
            tagOnly ? List.of(channel.name) : List.of(channel.name, message.params().get(1)));
    Outgoing out = c.from(named, clientTags);
    for (IrcConnection peer : List.copyOf(channel.members.keySet())) {
      if (peer == c && !c.has(Cap.ECHO_MESSAGE)) {
        continue;
      }
      if (tagOnly && !peer.has(Cap.MESSAGE_TAGS)) {
        continue;
      }
      peer.send(out);
    }
    if (member == null && c.has(Cap.ECHO_MESSAGE)) {
      c.send(out);
    }
  }

  private static void toUser(
      IrcConnection c,
      String nick,
      String command,
      IrcMessage m,
      Map<String, String> clientTags,
      boolean replies,
      boolean tagOnly) {
    Optional<IrcConnection> found = c.server.user(nick);
    if (found.isEmpty()) {
      if (replies) {
        c.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
      }
      return;
    }
    IrcConnection target = found.get();
    List<String> params =
        tagOnly ? List.of(target.nick()) : List.of(target.nick(), m.params().get(1));
    Outgoing out = c.from(IrcMessage.of(command, params), clientTags);
    if (!tagOnly || target.has(Cap.MESSAGE_TAGS)) {
      target.send(out);
    }
    if (c.has(Cap.ECHO_MESSAGE) && target != c) {
      c.send(out);
    }
    if (command.equals("PRIVMSG") && target.away.isPresent()) {
      c.numeric(Numeric.RPL_AWAY, target.nick(), target.away.get());
    }
  }
}
