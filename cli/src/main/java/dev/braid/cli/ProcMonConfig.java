package dev.braid.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code braid procmon --config FILE} format: one process a line, {@code NAME: PROGRAM
 * ARGS...}, optionally followed by settings lines for that process, {@code NAME.cwd = DIR} and
 * {@code NAME.env.KEY = VALUE}. Blank lines and lines starting with {@code #} are ignored. Words
 * are split on blanks; {@code '...'} quotes literally, {@code "..."} quotes with {@code \"} and
 * {@code \\} escapes, and a backslash outside quotes escapes the next character. Names are letters,
 * digits, {@code _} and {@code -}.
 *
 * <pre>
 * # web server on 8080, restarted when it dies
 * web: python3 -m http.server 8080
 * web.cwd = /srv/www
 * web.env.PYTHONUNBUFFERED = 1
 * ticker: /bin/sh -c 'while :; do date; sleep 60; done'
 * </pre>
 */
final class ProcMonConfig {
  private static final Pattern PROCESS = Pattern.compile("([A-Za-z0-9_-]+)\\s*:\\s*(.*)");
  private static final Pattern SETTING =
      Pattern.compile("([A-Za-z0-9_-]+)\\.(cwd|env\\.([A-Za-z_][A-Za-z0-9_]*))\\s*=\\s*(.*)");

  /** One process of the file: its command, the environment it adds, its directory if set. */
  record Entry(String name, List<String> argv, Map<String, String> env, Path cwd) {}

  /** A line of the file that does not parse; the message names the line. */
  static final class ConfigException extends IllegalArgumentException {
    ConfigException(String message) {
      super(message);
    }
  }

  private ProcMonConfig() {}

  /**
   * Parses the file's text; {@code source} names it in error messages, and relative {@code cwd}
   * settings are resolved against {@code base}.
   */
  static List<Entry> parse(String text, String source, Path base) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      String where = source + " line " + (i + 1) + ": ";
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher setting = SETTING.matcher(line);
      Matcher process = PROCESS.matcher(line);
      if (setting.matches()) {
        Entry entry = entries.get(setting.group(1));
        if (entry == null) {
          throw new ConfigException(
              where + "no process named \"" + setting.group(1) + "\" on a line above");
        }
        if (setting.group(3) != null) {
          entry.env().put(setting.group(3), setting.group(4));
        } else {
          entries.put(
              entry.name(),
              new Entry(entry.name(), entry.argv(), entry.env(), base.resolve(setting.group(4))));
        }
      } else if (process.matches()) {
        String name = process.group(1);
        if (entries.containsKey(name)) {
          throw new ConfigException(where + "a second process named \"" + name + "\"");
        }
        List<String> argv;
        try {
          argv = words(process.group(2));
        } catch (IllegalArgumentException e) {
          throw new ConfigException(where + e.getMessage());
        }
        if (argv.isEmpty()) {
          throw new ConfigException(where + "process \"" + name + "\" has no command");
        }
        entries.put(name, new Entry(name, argv, new LinkedHashMap<>(), null));
      } else {
        throw new ConfigException(
            where
                + "expected \"NAME: COMMAND ARGS\", \"NAME.cwd = DIR\" or \"NAME.env.KEY = VALUE\"");
      }
    }
    if (entries.isEmpty()) {
      throw new ConfigException(source + ": no processes");
    }
    return List.copyOf(entries.values());
  }

  /** Splits {@code text} into words as described on the class. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' quote");
        }
        word.append(text, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        inWord = true;
        i++;
        while (true) {
          if (i >= text.length()) {
            throw new IllegalArgumentException("unterminated \" quote");
          }
          char q = text.charAt(i);
          if (q == '"') {
            break;
          }
          if (q == '\\' && i + 1 < text.length() && "\"\\".indexOf(text.charAt(i + 1)) >= 0) {
            q = text.charAt(++i);
          }
          word.append(q);
          i++;
        }
      } else if (c == '\\' && i + 1 < text.length()) {
        word.append(text.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
