package dev.braid.cred;

import dev.braid.defer.Deferred;
import java.util.Optional;

/**
 * Makes the avatar of an authenticated user (Twisted's {@code IRealm}): the object through which a
 * server (SSH, mail, FTP...) acts for that user. Called on the reactor thread.
 */
public interface Realm {
  /**
   * The avatar of {@code avatarId} of type {@code type}; {@code mind} is the server's object
   * representing the client, when it has one. Fails with {@link UnhandledCredentials} when this
   * realm has no avatar of that type.
   */
  <A> Deferred<LoginResult<A>> requestAvatar(String avatarId, Optional<Object> mind, Class<A> type);

  /**
   * A realm whose avatar is the avatar id itself ({@code String.class}), for servers that only need
   * to know who logged in (SOCKS, simple password-protected services). Logout does nothing.
   */
  static Realm avatarIds() {
    return new Realm() {
      @Override
      public <A> Deferred<LoginResult<A>> requestAvatar(
          String avatarId, Optional<Object> mind, Class<A> type) {
        if (type != String.class) {
          return Deferred.fail(
              new UnhandledCredentials("this realm has avatars of type String only, not " + type));
        }
        return Deferred.succeed(new LoginResult<>(avatarId, type.cast(avatarId), () -> {}));
      }
    };
  }
}
