package dev.braid.cred;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@link Credentials.SshPublicKey} against OpenSSH authorized_keys files. The file name may
 * hold {@code %u}, replaced by the user name (like sshd's {@code AuthorizedKeysFile}), so each user
 * has a file; without {@code %u} one file serves every user name. The file is read at each check,
 * on a virtual thread, so edits apply at once and the reactor never waits for the disk.
 *
 * <p>A key is accepted when it appears in the file; when the credentials carry a {@link
 * Credentials.Proof}, its signature must also verify with the key. The avatar id is the user name.
 */
public final class SshKeysChecker implements CredentialsChecker {
  private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private final Reactor reactor;
  private final String pathPattern;

  private SshKeysChecker(Reactor reactor, String pathPattern) {
    this.reactor = reactor;
    this.pathPattern = pathPattern;
  }

  /**
   * A checker reading {@code pathPattern} (with {@code %u} for the user name, optional); the
   * Deferreds it returns fire on {@code reactor}'s thread.
   */
  public static SshKeysChecker create(Reactor reactor, String pathPattern) {
    if (pathPattern.isEmpty()) {
      throw new IllegalArgumentException("the authorized_keys path is empty");
    }
    return new SshKeysChecker(reactor, pathPattern);
  }

  @Override
  public Set<Class<? extends Credentials>> credentialTypes() {
    return Set.of(Credentials.SshPublicKey.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (!(credentials instanceof Credentials.SshPublicKey offered)) {
      return Deferred.fail(new UnhandledCredentials("expected an SSH public key"));
    }
    String user = offered.username();
    if (pathPattern.contains("%u")
        && (!SAFE_USER.matcher(user).matches() || user.startsWith("."))) {
      return Deferred.fail(new UnauthorizedLogin("user name not allowed in a file name: " + user));
    }
    Path path = Path.of(pathPattern.replace("%u", user));
    return reactor.deferToThread(
        () -> {
          List<AuthorizedKey> keys;
          try {
            keys =
                AuthorizedKey.parseFile(
                    path.toString(), Files.readAllLines(path, StandardCharsets.UTF_8));
          } catch (NoSuchFileException e) {
            throw new UnauthorizedLogin("no authorized_keys file for " + user + ": " + path);
          } catch (IOException | AuthorizedKeysException e) {
            throw new UnauthorizedLogin(
                "cannot read the keys of " + user + ": " + e.getMessage(), e);
          }
          if (keys.stream().noneMatch(k -> k.matches(offered.key()))) {
            throw new UnauthorizedLogin("key not authorized for " + user);
          }
          if (offered.proof().isPresent()) {
            Credentials.Proof proof = offered.proof().get();
            boolean valid;
            try {
              Signature verifier = Signature.getInstance(proof.algorithm());
              verifier.initVerify(offered.key());
              verifier.update(proof.signedData().toByteArray());
              valid = verifier.verify(proof.signature().toByteArray());
            } catch (GeneralSecurityException e) {
              valid = false;
            }
            if (!valid) {
              throw new UnauthorizedLogin("bad signature from " + user);
            }
          }
          return user;
        });
  }
}
