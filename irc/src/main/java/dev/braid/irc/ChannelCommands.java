package dev.braid.irc;

import dev.braid.irc.codec.IrcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The channel commands: JOIN, PART, TOPIC, NAMES, LIST, INVITE and KICK. */
final class ChannelCommands {
  private ChannelCommands() {}

  /** True if {@code name} is a channel name: {@code #}, then no space, comma, colon or BEL. */
  static boolean validChannel(String name, int max) {
    if (name.length() < 2 || name.length() > max || name.charAt(0) != '#') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == ' ' || c == ',' || c == ':' || c == 7 || c < ' ') {
        return false;
      }
    }
    return true;
  }

  static void join(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("JOIN");
      return;
    }
    if (m.params().get(0).equals("0")) {
      for (Channel channel : List.copyOf(c.channels)) {
        leave(c, channel, c.from(IrcMessage.of("PART", channel.name)));
      }
      return;
    }
    String[] names = m.params().get(0).split(",");
    String[] keys = m.param(1).map(k -> k.split(",")).orElse(new String[0]);
    for (int i = 0; i < names.length; i++) {
      join(c, names[i], i < keys.length ? keys[i] : "");
    }
  }

  private static void join(IrcConnection c, String name, String key) {
    if (!validChannel(name, c.config.channelLength())) {
      c.numeric(Numeric.ERR_BADCHANMASK, name, "Bad Channel Mask");
      return;
    }
    Optional<Channel> existing = c.server.channel(name);
    if (existing.isPresent() && existing.get().members.containsKey(c)) {
      return;
    }
    if (c.channels.size() >= c.config.maxChannels()) {
      c.numeric(Numeric.ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
      return;
    }
    if (existing.isPresent()) {
      Channel channel = existing.get();
      boolean invited = channel.invited.contains(c.server.mapping().fold(c.nick()));
      if (channel.key.isPresent() && !channel.key.get().equals(key)) {
        c.numeric(Numeric.ERR_BADCHANNELKEY, channel.name, "Cannot join channel (+k)");
        return;
      }
      if (channel.limit > 0 && channel.members.size() >= channel.limit) {
        c.numeric(Numeric.ERR_CHANNELISFULL, channel.name, "Cannot join channel (+l)");
        return;
      }
      if (channel.inviteOnly && !invited) {
        c.numeric(Numeric.ERR_INVITEONLYCHAN, channel.name, "Cannot join channel (+i)");
        return;
      }
      if (!invited && channel.banned(c, c.server.mapping())) {
        c.numeric(Numeric.ERR_BANNEDFROMCHAN, channel.name, "Cannot join channel (+b)");
        return;
      }
    }
    Channel channel = c.server.createChannel(name);
    Channel.Member member = new Channel.Member();
    member.op = channel.members.isEmpty();
    channel.members.put(c, member);
    channel.invited.remove(c.server.mapping().fold(c.nick()));
    c.channels.add(channel);
    channel.send(c.from(IrcMessage.of("JOIN", channel.name)), null);
    if (!channel.topic.isEmpty()) {
      sendTopic(c, channel);
    }
    sendNames(c, channel);
  }

  static void part(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("PART");
      return;
    }
    Optional<String> reason = m.param(1).filter(r -> !r.isEmpty());
    for (String name : m.params().get(0).split(",")) {
      Optional<Channel> channel = c.server.channel(name);
      if (channel.isEmpty()) {
        c.numeric(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
      } else if (!channel.get().members.containsKey(c)) {
        c.numeric(Numeric.ERR_NOTONCHANNEL, name, "You're not on that channel");
      } else {
        IrcMessage part =
            reason.isPresent()
                ? IrcMessage.of("PART", channel.get().name, reason.get())
                : IrcMessage.of("PART", channel.get().name);
        leave(c, channel.get(), c.from(part));
      }
    }
  }

  /** Sends {@code message} (a PART or KICK) to the channel, then takes {@code c} out of it. */
  static void leave(IrcConnection c, Channel channel, Outgoing message) {
    channel.send(message, null);
    channel.members.remove(c);
    c.channels.remove(channel);
    c.server.dropIfEmpty(channel);
  }

  /**
   * The channel named by the first parameter of {@code m}, which needs {@code params} parameters;
   * empty (and answered with 461 or 403) when there are fewer or there is no such channel.
   */
  private static Optional<Channel> channelOf(IrcConnection c, IrcMessage m, int params) {
    if (m.params().size() < params) {
      c.needMoreParams(m.command());
      return Optional.empty();
    }
    Optional<Channel> found = c.server.channel(m.params().get(0));
    if (found.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHCHANNEL, m.params().get(0), "No such channel");
    }
    return found;
  }

  static void topic(IrcConnection c, IrcMessage m) {
    Optional<Channel> found = channelOf(c, m, 1);
    if (found.isEmpty()) {
      return;
    }
    Channel channel = found.get();
    boolean member = channel.members.containsKey(c);
    if (m.params().size() < 2) {
      if (channel.secret && !member) {
        c.numeric(Numeric.ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
      } else if (channel.topic.isEmpty()) {
        c.numeric(Numeric.RPL_NOTOPIC, channel.name, "No topic is set");
      } else {
        sendTopic(c, channel);
      }
      return;
    }
    if (!member) {
      c.numeric(Numeric.ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
      return;
    }
    if (channel.topicLock && !channel.isOp(c)) {
      c.numeric(Numeric.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
      return;
    }
    channel.topic = cut(m.params().get(1), c.config.topicLength());
    channel.topicBy = c.mask();
    channel.topicTime = c.server.epochSeconds();
    channel.send(c.from(IrcMessage.of("TOPIC", channel.name, channel.topic)), null);
  }

  private static void sendTopic(IrcConnection c, Channel channel) {
    c.numeric(Numeric.RPL_TOPIC, channel.name, channel.topic);
    c.numeric(
        Numeric.RPL_TOPICWHOTIME, channel.name, channel.topicBy, Long.toString(channel.topicTime));
  }

  static void names(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.numeric(Numeric.RPL_ENDOFNAMES, "*", "End of /NAMES list");
      return;
    }
    for (String name : m.params().get(0).split(",")) {
      Optional<Channel> channel = c.server.channel(name);
      if (channel.isPresent() && (!channel.get().secret || channel.get().members.containsKey(c))) {
        sendNames(c, channel.get());
      } else {
        c.numeric(Numeric.RPL_ENDOFNAMES, name, "End of /NAMES list");
      }
    }
  }

  /** 353 lines of at most about 400 bytes of names, then 366. */
  static void sendNames(IrcConnection c, Channel channel) {
    boolean all = c.has(Cap.MULTI_PREFIX);
    String kind = channel.secret ? "@" : "=";
    StringBuilder line = new StringBuilder();
    for (var entry : channel.members.entrySet()) {
      IrcConnection member = entry.getKey();
      if (member.invisible && !c.channels.contains(channel)) {
        continue;
      }
      String name = entry.getValue().prefix(all) + member.nick();
      if (line.length() + name.length() + 1 > 400) {
        c.numeric(Numeric.RPL_NAMREPLY, kind, channel.name, line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(name);
    }
    if (!line.isEmpty()) {
      c.numeric(Numeric.RPL_NAMREPLY, kind, channel.name, line.toString());
    }
    c.numeric(Numeric.RPL_ENDOFNAMES, channel.name, "End of /NAMES list");
  }

  static void list(IrcConnection c, IrcMessage m) {
    List<Channel> listed = new ArrayList<>();
    if (m.params().isEmpty()) {
      listed.addAll(c.server.channels());
    } else {
      for (String name : m.params().get(0).split(",")) {
        c.server.channel(name).ifPresent(listed::add);
      }
    }
    c.numeric(Numeric.RPL_LISTSTART, "Channel", "Users  Name");
    for (Channel channel : listed) {
      if (channel.secret && !channel.members.containsKey(c)) {
        continue;
      }
      c.numeric(
          Numeric.RPL_LIST,
          channel.name,
          Integer.toString(channel.members.size()),
          "[" + String.join(" ", channel.modes(false)) + "] " + channel.topic);
    }
    c.numeric(Numeric.RPL_LISTEND, "End of /LIST");
  }

  static void invite(IrcConnection c, IrcMessage m) {
    if (m.params().size() < 2) {
      c.needMoreParams("INVITE");
      return;
    }
    String nick = m.params().get(0);
    String name = m.params().get(1);
    Optional<IrcConnection> target = c.server.user(nick);
    if (target.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHNICK, nick, "No such nick/channel");
      return;
    }
    Optional<Channel> found = c.server.channel(name);
    if (found.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
      return;
    }
    Channel channel = found.get();
    if (!channel.members.containsKey(c)) {
      c.numeric(Numeric.ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
      return;
    }
    if (channel.members.containsKey(target.get())) {
      c.numeric(
          Numeric.ERR_USERONCHANNEL, target.get().nick(), channel.name, "is already on channel");
      return;
    }
    if (channel.inviteOnly && !channel.isOp(c)) {
      c.numeric(Numeric.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
      return;
    }
    channel.invited.add(c.server.mapping().fold(target.get().nick()));
    c.numeric(Numeric.RPL_INVITING, target.get().nick(), channel.name);
    target.get().send(c.from(IrcMessage.of("INVITE", target.get().nick(), channel.name)));
  }

  static void kick(IrcConnection c, IrcMessage m) {
    Optional<Channel> found = channelOf(c, m, 2);
    if (found.isEmpty()) {
      return;
    }
    Channel channel = found.get();
    if (!channel.members.containsKey(c)) {
      c.numeric(Numeric.ERR_NOTONCHANNEL, channel.name, "You're not on that channel");
      return;
    }
    if (!channel.isOp(c)) {
      c.numeric(Numeric.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
      return;
    }
    String reason =
        cut(m.param(2).filter(r -> !r.isEmpty()).orElse(c.nick()), c.config.kickLength());
    for (String nick : m.params().get(1).split(",")) {
      Optional<IrcConnection> target =
          c.server.user(nick).filter(t -> channel.members.containsKey(t));
      if (target.isEmpty()) {
        c.numeric(Numeric.ERR_USERNOTINCHANNEL, nick, channel.name, "They aren't on that channel");
        continue;
      }
      leave(
          target.get(),
          channel,
          c.from(IrcMessage.of("KICK", channel.name, target.get().nick(), reason)));
    }
  }

  /** {@code text} cut to at most {@code max} characters (never in a surrogate pair). */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end);
  }
}
