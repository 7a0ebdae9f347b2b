package dev.braid.net;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed endpoint string: {@code prefix:arg:arg:key=value:...}. Colons and equals signs inside a
 * part are escaped with a backslash ({@code unix:/tmp/a\:b}); a backslash escapes any character.
 *
 * @param text the whole description, for error messages
 * @param prefix the part before the first colon, lower-cased ({@code tcp})
 * @param args the positional parts, in order
 * @param params the {@code key=value} parts
 */
public record EndpointDescription(
    String text, String prefix, List<String> args, Map<String, String> params) {

  public EndpointDescription {
    args = List.copyOf(args);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** Parses {@code text}; throws {@link EndpointSyntaxException} when it is malformed. */
  public static EndpointDescription parse(String text) {
    List<String> parts = new ArrayList<>();
    List<Integer> equalsAt = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int firstEquals = -1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 == text.length()) {
          throw new EndpointSyntaxException(text, "a backslash at the end escapes nothing");
        }
        current.append(text.charAt(++i));
      } else if (c == ':') {
        parts.add(current.toString());
        equalsAt.add(firstEquals);
        current.setLength(0);
        firstEquals = -1;
      } else {
        if (c == '=' && firstEquals < 0) {
          firstEquals = current.length();
        }
        current.append(c);
      }
    }
    parts.add(current.toString());
    equalsAt.add(firstEquals);
    String prefix = parts.get(0).trim().toLowerCase(java.util.Locale.ROOT);
    if (prefix.isEmpty()) {
      throw new EndpointSyntaxException(
          text, "it must start with a type such as tcp: (e.g. tcp:8080)");
    }
    List<String> args = new ArrayList<>();
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 1; i < parts.size(); i++) {
      String part = parts.get(i);
      int eq = equalsAt.get(i);
      if (eq < 0) {
        args.add(part);
      } else {
        String key = part.substring(0, eq);
        if (key.isEmpty()) {
          throw new EndpointSyntaxException(text, "parameter \"" + part + "\" has no name");
        }
        if (params.put(key, part.substring(eq + 1)) != null) {
          throw new EndpointSyntaxException(text, "parameter \"" + key + "\" is given twice");
        }
      }
    }
    return new EndpointDescription(text, prefix, args, params);
  }

  /** The parameter {@code key}, or else positional argument {@code index}, if either is there. */
  public Optional<String> get(String key, int index) {
    String value = params.get(key);
    boolean positional = index >= 0 && index < args.size();
    if (value != null && positional) {
      throw new EndpointSyntaxException(
          text,
          key + " is given twice (\"" + args.get(index) + "\" and " + key + "=" + value + ")");
    }
    if (positional) {
      value = args.get(index);
    }
    return Optional.ofNullable(value);
  }

  /** Like {@link #get} but required: throws naming the missing parameter. */
  public String require(String key, int index) {
    return get(key, index).orElseThrow(() -> new EndpointSyntaxException(text, "missing " + key));
  }

  /**
   * The file system path {@code value} given for {@code key}; throws {@link
   * EndpointSyntaxException} naming the key when it cannot be a path (a NUL character, say).
   */
  public java.nio.file.Path path(String key, String value) {
    try {
      return java.nio.file.Path.of(value);
    } catch (java.nio.file.InvalidPathException e) {
      throw new EndpointSyntaxException(text, key + " is not a valid path: " + e.getReason());
    }
  }

  /** A port number from {@code value}, 0..65535 ({@code allowZero}) or 1..65535. */
  public int port(String value, boolean allowZero) {
    int min = allowZero ? 0 : 1;
    try {
      int port = Integer.parseInt(value.trim());
      if (port >= min && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new EndpointSyntaxException(
        text, "port must be a number from " + min + " to 65535, got \"" + value + "\"");
  }

  /** A positive integer parameter. */
  public int positiveInt(String key, String value) {
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new EndpointSyntaxException(
        text, key + " must be a positive whole number, got \"" + value + "\"");
  }

  /** A positive number of seconds (fractions allowed). */
  public java.time.Duration seconds(String key, String value) {
    try {
      double s = Double.parseDouble(value.trim());
      if (s > 0 && s < 1e9) {
        return java.time.Duration.ofNanos((long) (s * 1e9));
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new EndpointSyntaxException(
        text, key + " must be a positive number of seconds, got \"" + value + "\"");
  }

  /** Throws naming any parameter or positional argument beyond what a parser understands. */
  public void allowOnly(int maxArgs, String... keys) {
    if (args.size() > maxArgs) {
      throw new EndpointSyntaxException(text, "unexpected part \"" + args.get(maxArgs) + "\"");
    }
    List<String> known = List.of(keys);
    for (String key : params.keySet()) {
      if (!known.contains(key)) {
        throw new EndpointSyntaxException(
            text, "unknown parameter \"" + key + "\" (known: " + String.join(", ", known) + ")");
      }
    }
  }
}
