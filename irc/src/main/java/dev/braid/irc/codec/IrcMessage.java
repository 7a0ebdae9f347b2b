package dev.braid.irc.codec;

import dev.braid.bytes.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One IRC message: IRCv3 tags, the source ({@code nick!user@host} or a server name), the command (a
 * word or a three-digit numeric) and its parameters. Immutable; any thread.
 *
 * <p>The constructor refuses a message that cannot be written as one line: a CR, LF or NUL in the
 * source, the command or a parameter; a parameter other than the last that is empty, holds a space
 * or starts with {@code :}. So no value taken from one client (a nickname, a channel topic, the
 * text of a message) can smuggle a second line to another. Tag values may hold anything but NUL:
 * they are escaped ({@link IrcTags}).
 *
 * <pre>{@code
 * IrcMessage.of("PRIVMSG", "#braid", "hello there").withSource("alice!a@host").encode()
 * // ":alice!a@host PRIVMSG #braid :hello there\r\n"
 * }</pre>
 *
 * @param tags tag names to values (empty for a tag without one), in the order written
 * @param source who sent it, or empty (a client's message to the server)
 * @param command the verb or numeric, as written (servers compare verbs in upper case)
 * @param params the parameters; only the last may be empty or hold spaces
 */
public record IrcMessage(
    Map<String, String> tags, Optional<String> source, String command, List<String> params) {

  /** Checks every part can be written as one line (see the type's documentation). */
  public IrcMessage {
    Objects.requireNonNull(tags, "tags");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(command, "command");
    tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    params = List.copyOf(params);
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      if (!IrcTags.validKey(tag.getKey())) {
        throw new IllegalArgumentException("not a tag name: " + tag.getKey());
      }
      if (tag.getValue().indexOf(0) >= 0) {
        throw new IllegalArgumentException("a NUL in the value of tag " + tag.getKey());
      }
    }
    if (source.isPresent()) {
      String s = source.get();
      if (s.isEmpty() || s.indexOf(' ') >= 0 || unsafe(s)) {
        throw new IllegalArgumentException("not a source: " + quoted(s));
      }
    }
    if (!validCommand(command)) {
      throw new IllegalArgumentException(
          "a command is letters, or three digits: " + quoted(command));
    }
    for (int i = 0; i < params.size(); i++) {
      String p = params.get(i);
      if (unsafe(p)) {
        throw new IllegalArgumentException(
            "a CR, LF or NUL in parameter " + (i + 1) + " of " + command);
      }
      boolean last = i == params.size() - 1;
      if (!last && (p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":"))) {
        throw new IllegalArgumentException(
            "parameter "
                + (i + 1)
                + " of "
                + command
                + " is not the last, so it must not be empty, hold a space or start with ':': "
                + quoted(p));
      }
    }
  }

  /** A message with no tags and no source. */
  public static IrcMessage of(String command, String... params) {
    return new IrcMessage(Map.of(), Optional.empty(), command, List.of(params));
  }

  /** A message with no tags and no source. */
  public static IrcMessage of(String command, List<String> params) {
    return new IrcMessage(Map.of(), Optional.empty(), command, params);
  }

  /** This message sent by {@code source}. */
  public IrcMessage withSource(String source) {
    return new IrcMessage(tags, Optional.of(source), command, params);
  }

  /** This message with {@code tags} instead of its own. */
  public IrcMessage withTags(Map<String, String> tags) {
    return new IrcMessage(tags, source, command, params);
  }

  /** Parameter {@code index} (from 0), or empty when there are fewer. */
  public Optional<String> param(int index) {
    return index < params.size() ? Optional.of(params.get(index)) : Optional.empty();
  }

  /** The message as one line: tags, source, command, parameters, CR LF. */
  public ByteString encode() {
    return ByteString.wrapOwned(line().concat("\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The message as it is written, without the CR LF. */
  public String line() {
    StringBuilder out = new StringBuilder(64);
    if (!tags.isEmpty()) {
      out.append('@');
      boolean first = true;
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        if (!first) {
          out.append(';');
        }
        first = false;
        out.append(tag.getKey());
        if (!tag.getValue().isEmpty()) {
          out.append('=').append(IrcTags.escape(tag.getValue()));
        }
      }
      out.append(' ');
    }
    source.ifPresent(s -> out.append(':').append(s).append(' '));
    out.append(command);
    for (int i = 0; i < params.size(); i++) {
      String p = params.get(i);
      out.append(' ');
      if (i == params.size() - 1 && (p.isEmpty() || p.indexOf(' ') >= 0 || p.startsWith(":"))) {
        out.append(':');
      }
      out.append(p);
    }
    return out.toString();
  }

  /** The line, for logs. */
  @Override
  public String toString() {
    return line();
  }

  /** True if {@code command} is one or more ASCII letters, or three digits. */
  static boolean validCommand(String command) {
    if (command.isEmpty()) {
      return false;
    }
    boolean digits = command.length() == 3;
    boolean letters = true;
    for (int i = 0; i < command.length(); i++) {
      char c = command.charAt(i);
      letters &= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      digits &= c >= '0' && c <= '9';
    }
    return letters || digits;
  }

  private static boolean unsafe(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf(0) >= 0;
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "\"";
  }
}
