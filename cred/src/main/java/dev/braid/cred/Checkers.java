package dev.braid.cred;

import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkers from strings, as a command line gives them (Twisted's strcred):
 *
 * <ul>
 *   <li>{@code memory:USER:PASSWORD[:USER:PASSWORD...]}: an {@link InMemoryChecker};
 *   <li>{@code file:PATH}: a {@link PasswordFileChecker} reading PATH now;
 *   <li>{@code anonymous}: an {@link AnonymousChecker};
 *   <li>{@code sshkeys:PATH}: an {@link SshKeysChecker} ({@code %u} in PATH is the user name).
 * </ul>
 *
 * Call on the thread that sets the server up (it may read a file).
 */
public final class Checkers {
  /** One line per kind of spec, for {@code --help} texts. */
  public static final String HELP =
      "memory:USER:PASSWORD[:USER:PASSWORD...], file:PATH (user:BCRYPT-HASH lines), anonymous, or"
          + " sshkeys:PATH (authorized_keys; %u = user name)";

  private Checkers() {}

  /**
   * The checker described by {@code spec}; its Deferreds fire on {@code reactor}'s thread. Throws
   * {@link CheckerSpecException} saying what is wrong with the spec (or the file it names).
   */
  public static CredentialsChecker fromString(Reactor reactor, String spec) {
    return fromString(reactor, spec, HashingLimits.DEFAULTS);
  }

  /**
   * Like {@link #fromString(Reactor, String)}; a checker that hashes passwords ({@code file:})
   * hashes within {@code limits}.
   */
  public static CredentialsChecker fromString(Reactor reactor, String spec, HashingLimits limits) {
    int colon = spec.indexOf(':');
    String kind = colon < 0 ? spec : spec.substring(0, colon);
    String argument = colon < 0 ? "" : spec.substring(colon + 1);
    switch (kind) {
      case "memory" -> {
        if (colon < 0 || argument.isEmpty()) {
          throw bad(spec, "memory: needs USER:PASSWORD pairs, e.g. memory:alice:secret");
        }
        String[] parts = argument.split(":", -1);
        if (parts.length % 2 != 0) {
          throw bad(spec, "memory: needs USER:PASSWORD pairs; the last user has no password");
        }
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i += 2) {
          if (parts[i].isEmpty() || parts[i + 1].isEmpty()) {
            throw bad(spec, "memory: user names and passwords must not be empty");
          }
          if (users.putIfAbsent(parts[i], parts[i + 1]) != null) {
            throw bad(spec, "memory: user " + parts[i] + " appears twice");
          }
        }
        return InMemoryChecker.of(users);
      }
      case "file" -> {
        if (argument.isEmpty()) {
          throw bad(spec, "file: needs a path, e.g. file:/etc/braid/passwords");
        }
        try {
          return PasswordFileChecker.load(reactor, Path.of(argument), limits);
        } catch (InvalidPathException e) {
          throw bad(spec, "file: the path is not valid: " + e.getReason());
        } catch (IOException e) {
          throw new CheckerSpecException("cannot read the password file " + argument + ": " + e, e);
        } catch (PasswordFileException e) {
          throw new CheckerSpecException(e.getMessage(), e);
        }
      }
      case "anonymous" -> {
        if (colon >= 0) {
          throw bad(spec, "anonymous takes no argument");
        }
        return new AnonymousChecker();
      }
      case "sshkeys" -> {
        if (argument.isEmpty()) {
          throw bad(spec, "sshkeys: needs a path, e.g. sshkeys:/home/%u/.ssh/authorized_keys");
        }
        try {
          Path.of(argument.replace("%u", "user"));
        } catch (InvalidPathException e) {
          throw bad(spec, "sshkeys: the path is not valid: " + e.getReason());
        }
        return SshKeysChecker.create(reactor, argument);
      }
      default -> throw bad(spec, "unknown kind \"" + kind + "\"; expected " + HELP);
    }
  }

  private static CheckerSpecException bad(String spec, String why) {
    String shown = spec.startsWith("memory:") ? "memory:..." : spec;
    return new CheckerSpecException("bad credentials spec \"" + shown + "\": " + why);
  }
}
