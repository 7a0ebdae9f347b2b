package dev.braid.mail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The domains a mail server receives for, and which user each local address belongs to: a user
 * {@code alice} receives {@code alice@D} for every local domain D, and each of her aliases ({@code
 * postmaster@D}, ...); a catch-all user receives every other local address. Local parts are matched
 * without regard to case (as nearly every server does); user names are also directory names (the
 * user's maildir), so they are letters, digits, {@code . _ -} and start with a letter or digit.
 * Immutable once built; any thread.
 */
public final class LocalDomains {
  private final Set<String> domains;
  private final Map<String, String> addresses;
  private final List<String> users;
  private final Optional<String> catchAll;

  private LocalDomains(
      Set<String> domains,
      Map<String, String> addresses,
      List<String> users,
      Optional<String> all) {
    this.domains = Set.copyOf(domains);
    this.addresses = Map.copyOf(addresses);
    this.users = List.copyOf(users);
    this.catchAll = all;
  }

  /** A builder with no domains and no users. */
  public static Builder builder() {
    return new Builder();
  }

  /** True if {@code domain} (any case) is one of the local domains. */
  public boolean isLocal(String domain) {
    return domains.contains(domain.toLowerCase(Locale.ROOT));
  }

  /** The local domains, in lower case. */
  public Set<String> domains() {
    return domains;
  }

  /** The users, in the order they were added. */
  public List<String> users() {
    return users;
  }

  /**
   * The user who receives {@code localPart@domain}: empty if the domain is not local, or if no user
   * or alias has that local part and there is no catch-all.
   */
  public Optional<String> userFor(String localPart, String domain) {
    if (!isLocal(domain)) {
      return Optional.empty();
    }
    String user = addresses.get(localPart.toLowerCase(Locale.ROOT));
    return user != null ? Optional.of(user) : catchAll;
  }

  /** Builds a {@link LocalDomains}; not thread-safe. */
  public static final class Builder {
    private final Set<String> domains = new LinkedHashSet<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final List<String> users = new ArrayList<>();
    private Optional<String> catchAll = Optional.empty();

    private Builder() {}

    /** Adds a local domain. */
    public Builder domain(String domain) {
      if (domain.isEmpty() || domain.startsWith(".") || domain.contains("..")) {
        throw new IllegalArgumentException("not a domain: \"" + domain + "\"");
      }
      domains.add(domain.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * Adds {@code user}, who receives mail for {@code user} and each of {@code aliases} at every
     * local domain.
     *
     * @throws IllegalArgumentException if the name is not a safe directory name, or the user or an
     *     alias is taken
     */
    public Builder user(String user, String... aliases) {
      checkName(user, "user name");
      if (users.contains(user)) {
        throw new IllegalArgumentException("user " + user + " is given twice");
      }
      users.add(user);
      address(user, user);
      for (String alias : aliases) {
        if (alias.isEmpty() || alias.contains("@") || alias.contains(" ")) {
          throw new IllegalArgumentException("bad alias \"" + alias + "\" of " + user);
        }
        address(alias, user);
      }
      return this;
    }

    /** Makes {@code user} (added with {@link #user}) receive every local address nobody has. */
    public Builder catchAll(String user) {
      catchAll = Optional.of(user);
      return this;
    }

    /**
     * The domains and users.
     *
     * @throws IllegalArgumentException without a domain, or with a catch-all who is not a user
     */
    public LocalDomains build() {
      if (domains.isEmpty()) {
        throw new IllegalArgumentException("a mail server needs at least one local domain");
      }
      if (catchAll.isPresent() && !users.contains(catchAll.get())) {
        throw new IllegalArgumentException("the catch-all " + catchAll.get() + " is not a user");
      }
      return new LocalDomains(domains, addresses, users, catchAll);
    }

    private void address(String localPart, String user) {
      String key = localPart.toLowerCase(Locale.ROOT);
      String before = addresses.putIfAbsent(key, user);
      if (before != null) {
        throw new IllegalArgumentException(
            "address " + localPart + " belongs to " + before + " already");
      }
    }

    private static void checkName(String name, String what) {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
        throw new IllegalArgumentException(
            "bad " + what + " \"" + name + "\": letters, digits, . _ - (first a letter or digit)");
      }
    }
  }
}
