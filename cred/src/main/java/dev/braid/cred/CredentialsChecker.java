package dev.braid.cred;

import dev.braid.defer.Deferred;
import java.net.SocketAddress;
import java.util.Set;

/**
 * Checks credentials and says whose they are (Twisted's {@code ICredentialsChecker}).
 *
 * <p>Called on the reactor thread; the returned Deferred fires on the reactor thread. A checker
 * that must do slow work (hash a password, read a file) does it off the reactor thread (for example
 * with {@link dev.braid.reactor.Reactor#deferToThread}), never blocking the loop.
 */
public interface CredentialsChecker {
  /** The kinds of credentials this checker understands. */
  Set<Class<? extends Credentials>> credentialTypes();

  /**
   * Checks {@code credentials}: fires with the avatar id (the user's name as the realm knows it),
   * or fails with {@link UnauthorizedLogin}.
   */
  Deferred<String> requestAvatarId(Credentials credentials);

  /**
   * Like {@link #requestAvatarId(Credentials)}, for credentials a client at {@code peer} presented:
   * a checker that bounds its work per client ({@link PasswordFileChecker}) counts it against that
   * peer, and may fail at once with {@link LoginRateLimited}. The default ignores the peer.
   */
  default Deferred<String> requestAvatarId(Credentials credentials, SocketAddress peer) {
    return requestAvatarId(credentials);
  }
}
