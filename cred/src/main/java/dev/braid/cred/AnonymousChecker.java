package dev.braid.cred;

import dev.braid.defer.Deferred;
import java.util.Set;

/**
 * Lets {@link Credentials.Anonymous} in with the avatar id {@link #AVATAR_ID}. Stateless; any
 * thread.
 */
public final class AnonymousChecker implements CredentialsChecker {
  /** The avatar id of an anonymous login. */
  public static final String AVATAR_ID = "anonymous";

  /** A checker that lets anonymous users in. */
  public AnonymousChecker() {}

  @Override
  public Set<Class<? extends Credentials>> credentialTypes() {
    return Set.of(Credentials.Anonymous.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    if (credentials instanceof Credentials.Anonymous) {
      return Deferred.succeed(AVATAR_ID);
    }
    return Deferred.fail(new UnhandledCredentials("expected anonymous credentials"));
  }
}
