package dev.braid.cred;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>Hashing is bounded ({@link HashingLimits}, through a {@link LoginThrottle}): a few hashes run
 * at once, a few more wait, and one peer host has at most two running or waiting by default; past
 * that a check fails at once with {@link LoginRateLimited}, whether or not the user exists. Give
 * the peer ({@link #requestAvatarId(Credentials, SocketAddress)}, or {@link
 * Portal#login(Credentials, SocketAddress, Class)}) so that a flood from one host cannot crowd the
 * others out.
 */
public final class PasswordFileChecker implements CredentialsChecker {
  private final Reactor reactor;
  private final Map<String, String> hashes;
  private final String dummyHash;
  private final LoginThrottle throttle;

  private PasswordFileChecker(Reactor reactor, Map<String, String> hashes, HashingLimits limits) {
    this.reactor = reactor;
    this.hashes = hashes;
    this.throttle = LoginThrottle.create(limits);
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
    return load(reactor, path, HashingLimits.DEFAULTS);
  }

  /** Like {@link #load(Reactor, Path)}, hashing within {@code limits}. */
  public static PasswordFileChecker load(Reactor reactor, Path path, HashingLimits limits)
      throws IOException, PasswordFileException {
    return new PasswordFileChecker(
        reactor, parse(path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8)), limits);
  }

  /** The bounds on hashing at once. */
  public HashingLimits limits() {
    return throttle.limits();
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

  /** Checks {@code credentials} of a client whose address is not known (only the totals count). */
  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    return check(credentials, Optional.empty());
  }

  /** Checks {@code credentials} of the client at {@code peer}, counted against that peer. */
  @Override
  public Deferred<String> requestAvatarId(Credentials credentials, SocketAddress peer) {
    return check(credentials, Optional.of(peer));
  }

  private Deferred<String> check(Credentials credentials, Optional<SocketAddress> peer) {
    if (!(credentials instanceof Credentials.UsernamePassword(String name, ByteString password))) {
      return Deferred.fail(new UnhandledCredentials("expected a user name and password"));
    }
    String hash = hashes.get(name);
    return throttle
        .submit(
            peer,
            () ->
                reactor.<Boolean>deferToThread(
                    () -> Passwords.verify(password, hash == null ? dummyHash : hash)))
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
