package dev.braid.cred;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
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
   * A portal to {@code realm} that checks credentials with {@code checkers}. The checkers that
   * handle the kind of credentials given are asked in turn, in this order, until one accepts: a
   * user of an in-memory checker and a user of a password file both log in through one portal
   * ({@code --auth memory:... --auth file:...}). An {@link UnauthorizedLogin} moves on to the next
   * one; the last refusal is the login's; any other failure ({@link LoginRateLimited}, a broken
   * file) ends the login at once.
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
    List<CredentialsChecker> handling =
        checkers.stream()
            .filter(c -> c.credentialTypes().stream().anyMatch(t -> t.isInstance(credentials)))
            .toList();
    if (!handling.isEmpty()) {
      return avatarId(handling, 0, credentials, peer)
          .addDeferredCallback(id -> realm.requestAvatar(id, mind, type));
    }
    return Deferred.fail(
        new UnhandledCredentials(
            "no checker handles " + credentials.getClass().getSimpleName() + " credentials"));
  }

  /** Asks {@code handling.get(index)}, then the next one if it refuses, up to the last. */
  private static Deferred<String> avatarId(
      List<CredentialsChecker> handling,
      int index,
      Credentials credentials,
      Optional<SocketAddress> peer) {
    CredentialsChecker checker = handling.get(index);
    Deferred<String> avatarId =
        peer.isPresent()
            ? checker.requestAvatarId(credentials, peer.get())
            : checker.requestAvatarId(credentials);
    if (index == handling.size() - 1) {
      return avatarId;
    }
    Deferred<String> result = new Deferred<>();
    avatarId.addBoth(
        outcome -> {
          switch (outcome) {
            case Outcome.Success<String> accepted -> result.callback(accepted.value());
            case Outcome.Failure<String> refused
                when refused.error() instanceof UnauthorizedLogin ->
                avatarId(handling, index + 1, credentials, peer).chain(result);
            case Outcome.Failure<String> failed -> result.errback(failed.error());
          }
          return null;
        });
    return result;
  }
}
