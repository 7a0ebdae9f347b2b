package dev.braid.plugin;

import dev.braid.cred.Checkers;
import dev.braid.cred.CredentialsChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.reactor.Reactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --auth SPEC} option (repeatable) of plugins that log users in, as a picocli mixin:
 * {@code @Mixin private AuthOptions auth;}. Each SPEC is a {@link Checkers#fromString} string
 * ({@code memory:alice:secret}, {@code file:PATH}, {@code anonymous}, {@code sshkeys:PATH}).
 */
public final class AuthOptions {
  @Option(
      names = "--auth",
      paramLabel = "SPEC",
      description =
          "Require a login, checked by SPEC (repeatable): memory:USER:PASSWORD[:USER:PASSWORD...],"
              + " file:PATH (user:BCRYPT-HASH lines; make them with: braid passwd USER),"
              + " anonymous, or sshkeys:PATH (authorized_keys; %%u in PATH = user name).")
  private List<String> specs;

  /** No {@code --auth} given yet (picocli fills the field in). */
  public AuthOptions() {}

  /** True if at least one {@code --auth} was given. */
  public boolean required() {
    return specs != null && !specs.isEmpty();
  }

  /**
   * The checkers of every {@code --auth}, in order; throws {@link
   * dev.braid.cred.CheckerSpecException} (one clear line for the command) for a bad one. Call while
   * setting the plugin's service up.
   */
  public List<CredentialsChecker> checkers(Reactor reactor) {
    List<CredentialsChecker> checkers = new ArrayList<>();
    if (specs != null) {
      for (String spec : specs) {
        checkers.add(Checkers.fromString(reactor, spec));
      }
    }
    return checkers;
  }

  /**
   * A portal over {@code realm} checking with every {@code --auth}, or empty when none was given.
   */
  public Optional<Portal> portal(Reactor reactor, Realm realm) {
    return required() ? Optional.of(Portal.create(realm, checkers(reactor))) : Optional.empty();
  }
}
