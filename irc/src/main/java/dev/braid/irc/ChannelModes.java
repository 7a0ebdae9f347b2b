package dev.braid.irc;

import dev.braid.irc.codec.IrcMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * MODE: a user's own modes ({@code i}, and {@code -o}) and a channel's: {@code o v} (members'
 * prefixes), {@code b} (ban masks), {@code k} (key), {@code l} (limit), {@code i m n t s}.
 */
final class ChannelModes {
  private ChannelModes() {}

  static void mode(IrcConnection c, IrcMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("MODE");
      return;
    }
    String target = m.params().get(0);
    if (target.startsWith("#")) {
      channelMode(c, m, target);
    } else {
      userMode(c, m, target);
    }
  }

  private static void userMode(IrcConnection c, IrcMessage m, String target) {
    if (c.server.user(target).isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHNICK, target, "No such nick/channel");
      return;
    }
    if (!c.server.mapping().equal(target, c.nick())) {
      c.numeric(Numeric.ERR_USERSDONTMATCH, "Cant change mode for other users");
      return;
    }
    if (m.params().size() < 2) {
      c.numeric(Numeric.RPL_UMODEIS, userModes(c));
      return;
    }
    boolean adding = true;
    StringBuilder applied = new StringBuilder();
    char appliedSign = 0;
    boolean unknown = false;
    for (char mode : m.params().get(1).toCharArray()) {
      switch (mode) {
        case '+' -> adding = true;
        case '-' -> adding = false;
        case 'i' -> {
          if (c.invisible != adding) {
            c.invisible = adding;
            appliedSign = sign(applied, appliedSign, adding);
            applied.append('i');
          }
        }
        case 'o' -> {
          if (!adding && c.oper) {
            c.oper = false;
            appliedSign = sign(applied, appliedSign, false);
            applied.append('o');
          }
        }
        default -> unknown = true;
      }
    }
    if (unknown) {
      c.numeric(Numeric.ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
    }
    if (!applied.isEmpty()) {
      c.send(IrcMessage.of("MODE", c.nick(), applied.toString()).withSource(c.mask()));
    }
  }

  static String userModes(IrcConnection c) {
    return "+" + (c.invisible ? "i" : "") + (c.oper ? "o" : "");
  }

  private static char sign(StringBuilder applied, char current, boolean adding) {
    char wanted = adding ? '+' : '-';
    if (current != wanted) {
      applied.append(wanted);
    }
    return wanted;
  }

  private static void channelMode(IrcConnection c, IrcMessage m, String name) {
    Optional<Channel> found = c.server.channel(name);
    if (found.isEmpty()) {
      c.numeric(Numeric.ERR_NOSUCHCHANNEL, name, "No such channel");
      return;
    }
    Channel channel = found.get();
    boolean member = channel.members.containsKey(c);
    if (m.params().size() < 2) {
      List<String> params = new ArrayList<>();
      params.add(channel.name);
      params.addAll(channel.modes(member));
      c.numeric(Numeric.RPL_CHANNELMODEIS, params.toArray(String[]::new));
      c.numeric(Numeric.RPL_CREATIONTIME, channel.name, Long.toString(channel.created));
      return;
    }
    String modes = m.params().get(1);
    List<String> args = m.params().subList(2, m.params().size());
    if (isBanListQuery(modes, args)) {
      for (Channel.Ban ban : channel.bans) {
        c.numeric(
            Numeric.RPL_BANLIST, channel.name, ban.mask(), ban.setBy(), Long.toString(ban.time()));
      }
      c.numeric(Numeric.RPL_ENDOFBANLIST, channel.name, "End of channel ban list");
      return;
    }
    if (!channel.isOp(c)) {
      c.numeric(Numeric.ERR_CHANOPRIVSNEEDED, channel.name, "You're not channel operator");
      return;
    }
    Changes changes = new Changes();
    int next = 0;
    int withParam = 0;
    boolean adding = true;
    for (char mode : modes.toCharArray()) {
      if (mode == '+' || mode == '-') {
        adding = mode == '+';
        continue;
      }
      boolean takesParam =
          mode == 'o' || mode == 'v' || mode == 'b' || mode == 'k' || (mode == 'l' && adding);
      String arg = null;
      if (takesParam) {
        if (next >= args.size()) {
          if (mode != 'k' || adding) {
            c.needMoreParams("MODE");
            continue;
          }
        } else {
          arg = args.get(next++);
        }
        if (++withParam > c.config.maxModes()) {
          break;
        }
      }
      apply(c, channel, mode, adding, arg, changes);
    }
    if (!changes.modes.isEmpty()) {
      List<String> params = new ArrayList<>();
      params.add(channel.name);
      params.add(changes.modes.toString());
      params.addAll(changes.args);
      channel.send(c.from(IrcMessage.of("MODE", params)), null);
    }
  }

  private static boolean isBanListQuery(String modes, List<String> args) {
    return args.isEmpty() && (modes.equals("b") || modes.equals("+b"));
  }

  /** The changes made, as one MODE message: {@code +o-v alice bob}. */
  private static final class Changes {
    final StringBuilder modes = new StringBuilder();
    final List<String> args = new ArrayList<>();
    char sign;

    void add(boolean adding, char mode, String arg) {
      char wanted = adding ? '+' : '-';
      if (sign != wanted) {
        modes.append(wanted);
        sign = wanted;
      }
      modes.append(mode);
      if (arg != null) {
        args.add(arg);
      }
    }
  }

  private static void apply(
      IrcConnection c, Channel channel, char mode, boolean adding, String arg, Changes changes) {
    switch (mode) {
      case 'o', 'v' -> {
        Optional<IrcConnection> target =
            c.server.user(arg).filter(t -> channel.members.containsKey(t));
        if (target.isEmpty()) {
          if (c.server.user(arg).isEmpty()) {
            c.numeric(Numeric.ERR_NOSUCHNICK, arg, "No such nick/channel");
          } else {
            c.numeric(
                Numeric.ERR_USERNOTINCHANNEL, arg, channel.name, "They aren't on that channel");
          }
          return;
        }
        Channel.Member member = channel.member(target.get());
        boolean was = mode == 'o' ? member.op : member.voice;
        if (was != adding) {
          if (mode == 'o') {
            member.op = adding;
          } else {
            member.voice = adding;
          }
          changes.add(adding, mode, target.get().nick());
        }
      }
      case 'b' -> {
        String mask = Masks.normalize(arg);
        boolean present =
            channel.bans.stream().anyMatch(b -> c.server.mapping().equal(b.mask(), mask));
        if (adding && !present) {
          if (channel.bans.size() >= c.config.maxBans()) {
            c.numeric(Numeric.ERR_BANLISTFULL, channel.name, mask, "Channel ban list is full");
            return;
          }
          channel.bans.add(new Channel.Ban(mask, c.mask(), c.server.epochSeconds()));
          changes.add(true, 'b', mask);
        } else if (!adding && present) {
          channel.bans.removeIf(b -> c.server.mapping().equal(b.mask(), mask));
          changes.add(false, 'b', mask);
        }
      }
      case 'k' -> {
        if (adding) {
          if (arg.indexOf(',') >= 0 || arg.length() > 23) {
            return;
          }
          channel.key = Optional.of(arg);
          changes.add(true, 'k', arg);
        } else if (channel.key.isPresent()) {
          channel.key = Optional.empty();
          changes.add(false, 'k', "*");
        }
      }
      case 'l' -> {
        if (adding) {
          int limit;
          try {
            limit = Integer.parseInt(arg);
          } catch (NumberFormatException e) {
            return;
          }
          if (limit > 0 && limit != channel.limit) {
            channel.limit = limit;
            changes.add(true, 'l', Integer.toString(limit));
          }
        } else if (channel.limit > 0) {
          channel.limit = 0;
          changes.add(false, 'l', null);
        }
      }
      case 'i' -> flag(channel.inviteOnly, adding, 'i', changes, v -> channel.inviteOnly = v);
      case 'm' -> flag(channel.moderated, adding, 'm', changes, v -> channel.moderated = v);
      case 'n' -> flag(channel.noExternal, adding, 'n', changes, v -> channel.noExternal = v);
      case 't' -> flag(channel.topicLock, adding, 't', changes, v -> channel.topicLock = v);
      case 's' -> flag(channel.secret, adding, 's', changes, v -> channel.secret = v);
      default ->
          c.numeric(
              Numeric.ERR_UNKNOWNMODE,
              String.valueOf(mode),
              "is unknown mode char to me for " + channel.name);
    }
  }

  private static void flag(
      boolean was,
      boolean adding,
      char mode,
      Changes changes,
      java.util.function.Consumer<Boolean> set) {
    if (was != adding) {
      set.accept(adding);
      changes.add(adding, mode, null);
    }
  }
}
