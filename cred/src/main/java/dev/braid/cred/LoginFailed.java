package dev.braid.cred;

/**
 * A login did not succeed: the base of {@link UnauthorizedLogin} (wrong credentials) and {@link
 * UnhandledCredentials} (no checker for that kind). The message is safe to log; it never holds a
 * password.
 */
public class LoginFailed extends Exception {
  /** A failure saying {@code message}. */
  public LoginFailed(String message) {
    super(message);
  }

  /** A failure saying {@code message}, caused by {@code cause}. */
  public LoginFailed(String message, Throwable cause) {
    super(message, cause);
  }
}
