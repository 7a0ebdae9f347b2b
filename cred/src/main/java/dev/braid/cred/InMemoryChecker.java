package dev.braid.cred;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Checks user names and passwords against a table held in memory, in plain text (Twisted's {@code
 * InMemoryUsernamePasswordDatabaseDontUse}): for tests and quick demos; keep real passwords in a
 * {@link PasswordFileChecker}. Comparison takes the same time whatever the password, and an unknown
 * user costs the same as a known one. Immutable; any thread.
 */
public final class InMemoryChecker implements CredentialsChecker {
  private static final ByteString NO_PASSWORD = ByteString.utf8("\0no such user\0");
  private final Map<String, ByteString> users;

  private InMemoryChecker(Map<String, ByteString> users) {
    this.users = users;
  }

  /** A checker for the users (name to UTF-8 password) in {@code users}. */
  public static InMemoryChecker of(Map<String, String> users) {
    Map<String, ByteString> table = new LinkedHashMap<>();
    users.forEach((name, password) -> table.put(name, ByteString.utf8(password)));
    return new InMemoryChecker(Map.copyOf(table));
  }

  /** The user names, in no particular order. */
  public Set<String> usernames() {
    return users.keySet();
  }

  @Override
  public Set<Class<? extends Credentials>> credentialTypes() {
    return Set.of(Credentials.UsernamePassword.class, Credentials.UsernameHashedPassword.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (credentials instanceof Credentials.UsernameHashedPassword hashed) {
      ByteString stored = users.get(hashed.username());
      boolean proved = hashed.checkPassword(stored == null ? NO_PASSWORD : stored);
      if (stored != null && proved) {
        return Deferred.succeed(hashed.username());
      }
      return Deferred.fail(
          new UnauthorizedLogin(
              stored == null
                  ? "unknown user " + hashed.username()
                  : "wrong password for " + hashed.username()));
    }
    if (!(credentials instanceof Credentials.UsernamePassword(String name, ByteString password))) {
      return Deferred.fail(new UnhandledCredentials("expected a user name and password"));
    }
    ByteString expected = users.get(name);
    boolean match =
        MessageDigest.isEqual(
            (expected == null ? NO_PASSWORD : expected).toByteArray(), password.toByteArray());
    if (expected != null && match) {
      return Deferred.succeed(name);
    }
    return Deferred.fail(
        new UnauthorizedLogin(
            expected == null ? "unknown user " + name : "wrong password for " + name));
  }
}
