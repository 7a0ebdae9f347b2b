package dev.braid.cred;

/**
 * A login was refused before its credentials were checked: too many logins are being checked
 * already, in total or from the same peer ({@link HashingLimits}). Servers answer it as a failed
 * login (SOCKS: a failed user name/password status, then close; HTTP Basic: 401); the client may
 * try again later.
 */
public final class LoginRateLimited extends LoginFailed {
  /** A refusal saying which bound was reached (for the log, not for the client). */
  public LoginRateLimited(String message) {
    super(message);
  }
}
