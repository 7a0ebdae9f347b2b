package dev.braid.cred;

import dev.braid.defer.Deferred;
import java.net.SocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Logs users in (Twisted's {@code Portal}): finds the checker for the kind of credentials given,
 * asks it for the avatar id, then asks the realm for the avatar. Immutable once made; call {@link
 * #login} on the reactor thread (the Deferred fires there).
 */
public final class Portal {
  private final Realm realm;
  private final List<CredentialsChecker> checkers;

  private Portal(Realm realm, List<CredentialsChecker> checkers) {
    this.realm = realm;
    this.checkers = checkers;
  }

  /**
   * A portal to {@code realm} that checks credentials with {@code checkers}; the first checker that
   * handles a kind of credentials is the one asked.
   */
  public static Portal create(Realm realm, List<? extends CredentialsChecker> checkers) {
    return new Portal(Objects.requireNonNull(realm, "realm"), List.copyOf(checkers));
  }

  /** The realm. */
  public Realm realm() {
    return realm;
  }

  /** The checkers, in the order they are tried. */
  public List<CredentialsChecker> checkers() {
    return checkers;
  }

  /**
   * Logs {@code credentials} in without a mind; see {@link #login(Credentials, Optional, Class)}.
   */
  public <A> Deferred<LoginResult<A>> login(Credentials credentials, Class<A> type) {
    return login(credentials, Optional.empty(), type);
  }

  /**
   * Logs {@code credentials} in and returns the avatar of {@code type}. Fails with {@link
   * UnhandledCredentials} if no checker handles these credentials, with {@link UnauthorizedLogin}
   * if the checker refuses them, {@link LoginRateLimited} if it has too many logins under way, or
   * with the realm's error.
   */
  public <A> Deferred<LoginResult<A>> login(
      Credentials credentials, Optional<Object> mind, Class<A> type) {
    return login(credentials, Optional.empty(), mind, type);
  }

  /**
   * Logs {@code credentials} presented by the client at {@code peer} in, without a mind: like
   * {@link #login(Credentials, Optional, Class)}, and the checker may count the attempt against
   * that peer ({@link CredentialsChecker#requestAvatarId(Credentials, SocketAddress)}), failing
   * with {@link LoginRateLimited} when it has too many under way.
   */
  public <A> Deferred<LoginResult<A>> login(
      Credentials credentials, SocketAddress peer, Class<A> type) {
    return login(
        credentials, Optional.of(Objects.requireNonNull(peer, "peer")), Optional.empty(), type);
  }

  private <A> Deferred<LoginResult<A>> login(
      Credentials credentials, Optional<SocketAddress> peer, Optional<Object> mind, Class<A> type) {
    Objects.requireNonNull(credentials, "credentials");
    for (CredentialsChecker checker : checkers) {
      if (checker.credentialTypes().stream().anyMatch(t -> t.isInstance(credentials))) {
        Deferred<String> avatarId =
            peer.isPresent()
                ? checker.requestAvatarId(credentials, peer.get())
                : checker.requestAvatarId(credentials);
        return avatarId.addDeferredCallback(id -> realm.requestAvatar(id, mind, type));
      }
    }
    return Deferred.fail(
        new UnhandledCredentials(
            "no checker handles " + credentials.getClass().getSimpleName() + " credentials"));
  }
}
