package dev.braid.cred;

import java.util.Objects;

/**
 * A successful login: whose it is, the avatar (the object through which the server acts for that
 * user), and what to run when the session ends. Run {@link #logout()} once, on the reactor thread.
 *
 * @param <A> the avatar's type, the interface the server asked for
 */
public record LoginResult<A>(String avatarId, A avatar, Runnable logout) {
  /** Checks that no part is null. */
  public LoginResult {
    Objects.requireNonNull(avatarId, "avatarId");
    Objects.requireNonNull(avatar, "avatar");
    Objects.requireNonNull(logout, "logout");
  }
}
