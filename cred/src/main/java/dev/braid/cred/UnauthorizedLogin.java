package dev.braid.cred;

/**
 * The credentials were checked and refused: unknown user, wrong password, key not authorized, bad
 * signature. Servers should tell the client no more than "refused", whatever the message says.
 */
public final class UnauthorizedLogin extends LoginFailed {
  /** A refusal saying {@code message} (for the log, not for the client). */
  public UnauthorizedLogin(String message) {
    super(message);
  }

  /** A refusal saying {@code message}, caused by {@code cause}. */
  public UnauthorizedLogin(String message, Throwable cause) {
    super(message, cause);
  }
}
