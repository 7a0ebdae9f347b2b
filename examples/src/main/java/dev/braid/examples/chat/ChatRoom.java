package dev.braid.examples.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The state every connection of the chat server shares: who is here, under which name. The room
 * knows nothing of sockets; it talks to its members through {@link Member#sendLine}, so it can be
 * tested with a lambda per member.
 *
 * <p><b>Threads.</b> Not thread-safe, and it needs no lock: every connection's protocol runs on the
 * one reactor thread, so only that thread calls the room.
 */
public final class ChatRoom {
  /** The longest name accepted, in characters. */
  public static final int MAX_NAME_LENGTH = 20;

  private static final Pattern NAME =
      Pattern.compile("[\\p{L}\\p{Nd}_-]{1," + MAX_NAME_LENGTH + "}");

  /** Someone in the room: where the room sends the lines meant for them. */
  @FunctionalInterface
  public interface Member {
    /** Sends {@code line} (without its line ending) to this member. */
    void sendLine(String line);
  }

  /** What {@link #join} answers. */
  public sealed interface JoinResult {
    /** In the room; {@code others} are the names of those who were there already. */
    record Joined(List<String> others) implements JoinResult {
      /** Copies the list. */
      public Joined {
        others = List.copyOf(others);
      }
    }

    /** Not in the room, for the {@code reason} given (a sentence to show the user). */
    record Rejected(String reason) implements JoinResult {}
  }

  private record Entry(String name, Member member) {}

  /** The members by lower-case name (names are unique ignoring case), in the order they joined. */
  private final Map<String, Entry> members = new LinkedHashMap<>();

  /** An empty room. */
  public ChatRoom() {}

  /**
   * Lets {@code member} in as {@code name}, and tells everyone else {@code * name joined}. A name
   * is 1 to {@value #MAX_NAME_LENGTH} letters, digits, {@code _} or {@code -}, and must not be in
   * use (ignoring case).
   */
  public JoinResult join(String name, Member member) {
    if (!NAME.matcher(name).matches()) {
      return new JoinResult.Rejected(
          "a name is 1 to " + MAX_NAME_LENGTH + " letters, digits, _ or -; try another");
    }
    if (members.containsKey(key(name))) {
      return new JoinResult.Rejected("the name " + name + " is taken; try another");
    }
    List<String> others = names();
    announce("* " + name + " joined");
    members.put(key(name), new Entry(name, member));
    return new JoinResult.Joined(others);
  }

  /** Lets {@code name} out, and tells everyone left {@code * name left}. */
  public void leave(String name) {
    if (members.remove(key(name)) != null) {
      announce("* " + name + " left");
    }
  }

  /** Sends {@code <from> text} to everyone but {@code from}. */
  public void say(String from, String text) {
    String line = "<" + from + "> " + text;
    for (Entry entry : List.copyOf(members.values())) {
      if (!entry.name().equals(from)) {
        entry.member().sendLine(line);
      }
    }
  }

  /** Sends {@code line} to everyone in the room. */
  public void announce(String line) {
    for (Entry entry : List.copyOf(members.values())) {
      entry.member().sendLine(line);
    }
  }

  /** The names of everyone in the room, in the order they joined. */
  public List<String> names() {
    return members.values().stream().map(Entry::name).toList();
  }

  private static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
