package dev.braid.cred;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks user names and passwords against a password file of {@code user:HASH} lines, each hash a
 * bcrypt hash (make one with {@code braid passwd USER} or {@link Passwords#hash}). Blank lines and
 * lines starting with {@code #} are skipped. A line whose password is not a bcrypt hash (a plain
 * text password, say) is refused with a {@link PasswordFileException} naming the line.
 *
 * <p>The file is read once, by {@link #load}. Each check hashes on a virtual thread ({@link
 * Reactor#deferToThread}), so a slow hash never blocks the reactor; the Deferred fires on the
 * reactor thread. An unknown user costs one hash too, so timing does not tell which users exist.
 */
public final class PasswordFileChecker implements CredentialsChecker {
  private final Reactor reactor;
  private final Map<String, String> hashes;
  private final String dummyHash;

  private PasswordFileChecker(Reactor reactor, Map<String, String> hashes) {
    this.reactor = reactor;
    this.hashes = hashes;
    int cost =
        hashes.values().stream().mapToInt(Passwords::costOf).max().orElse(Passwords.MIN_COST);
    this.dummyHash = Passwords.hash(ByteString.utf8("no such user"), cost);
  }

  /**
   * Reads the password file at {@code path} (on the calling thread: call it at startup, not from a
   * protocol). Throws {@link IOException} if it cannot be read, {@link PasswordFileException} for a
   * malformed line.
   */
  public static PasswordFileChecker load(Reactor reactor, Path path)
      throws IOException, PasswordFileException {
    return new PasswordFileChecker(
        reactor, parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8)));
  }

  /**
   * Parses password-file {@code lines}; {@code source} names the file in error messages. Returns
   * user name to hash, in file order.
   */
  public static Map<String, String> parse(String source, List<String> lines)
      throws PasswordFileException {
    Map<String, String> hashes = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new PasswordFileException(
            source, i + 1, "expected user:HASH (a user name, a colon, a bcrypt hash)");
      }
      String user = line.substring(0, colon);
      String hash = line.substring(colon + 1);
      if (!Passwords.isHash(hash)) {
        throw new PasswordFileException(
            source,
            i + 1,
            "the password of "
                + user
                + " is not a bcrypt hash (plain text passwords are refused); make one with: braid passwd "
                + user);
      }
      if (hashes.putIfAbsent(user, hash) != null) {
        throw new PasswordFileException(source, i + 1, "user " + user + " appears twice");
      }
    }
    return Map.copyOf(hashes);
  }

  /** The user names in the file. */
  public Set<String> usernames() {
    return hashes.keySet();
  }

  @Override
  public Set<Class<? extends Credentials>> credentialTypes() {
    return Set.of(Credentials.UsernamePassword.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (!(credentials instanceof Credentials.UsernamePassword(String name, ByteString password))) {
      return Deferred.fail(new UnhandledCredentials("expected a user name and password"));
    }
    String hash = hashes.get(name);
    return reactor
        .<Boolean>deferToThread(() -> Passwords.verify(password, hash == null ? dummyHash : hash))
        .addCallback(
            ok -> {
              if (hash != null && ok) {
                return name;
              }
              throw new UnauthorizedLogin(
                  hash == null ? "unknown user " + name : "wrong password for " + name);
            });
  }
}
