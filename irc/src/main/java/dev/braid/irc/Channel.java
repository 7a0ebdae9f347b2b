package dev.braid.irc;

import dev.braid.irc.codec.CaseMapping;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One channel: its members and their prefixes, topic, modes, bans and invitations. */
final class Channel {
  /** One member's prefixes: operator ({@code @}) and voice ({@code +}). */
  static final class Member {
    boolean op;
    boolean voice;

    /** The highest prefix, or all of them ({@code multi-prefix}). */
    String prefix(boolean all) {
      if (all) {
        return (op ? "@" : "") + (voice ? "+" : "");
      }
      return op ? "@" : voice ? "+" : "";
    }
  }

  /** A ban mask, who set it and when (epoch seconds). */
  record Ban(String mask, String setBy, long time) {}

  final String name;
  final long created;
  String topic = "";
  String topicBy = "";
  long topicTime;
  boolean inviteOnly;
  boolean moderated;
  boolean noExternal = true;
  boolean topicLock = true;
  boolean secret;
  Optional<String> key = Optional.empty();
  int limit;
  final List<Ban> bans = new ArrayList<>();
  final Set<String> invited = new HashSet<>();
  final Map<IrcConnection, Member> members = new LinkedHashMap<>();

  Channel(String name, long created) {
    this.name = name;
    this.created = created;
  }

  Member member(IrcConnection client) {
    return members.get(client);
  }

  boolean isOp(IrcConnection client) {
    Member m = members.get(client);
    return m != null && m.op;
  }

  /** Sends {@code message} to every member but {@code except} (which may be null). */
  void send(Outgoing message, IrcConnection except) {
    for (IrcConnection member : List.copyOf(members.keySet())) {
      if (member != except) {
        member.send(message);
      }
    }
  }

  /** True if a ban mask matches {@code client}. */
  boolean banned(IrcConnection client, CaseMapping mapping) {
    String mask = client.mask();
    for (Ban ban : bans) {
      if (Masks.matches(ban.mask(), mask, mapping)) {
        return true;
      }
    }
    return false;
  }

  /** The modes as 324 shows them: {@code +nt}, then the key (to members) and the limit. */
  List<String> modes(boolean showKey) {
    StringBuilder flags = new StringBuilder("+");
    List<String> params = new ArrayList<>();
    if (inviteOnly) {
      flags.append('i');
    }
    if (moderated) {
      flags.append('m');
    }
    if (noExternal) {
      flags.append('n');
    }
    if (secret) {
      flags.append('s');
    }
    if (topicLock) {
      flags.append('t');
    }
    if (key.isPresent()) {
      flags.append('k');
      params.add(showKey ? key.get() : "*");
    }
    if (limit > 0) {
      flags.append('l');
      params.add(Integer.toString(limit));
    }
    List<String> all = new ArrayList<>();
    all.add(flags.toString());
    all.addAll(params);
    return all;
  }
}
