package dev.braid.cred;

/** An authorized_keys file has a malformed line; the message names the file and line. */
public final class AuthorizedKeysException extends Exception {
  private final int line;

  /** A problem on line {@code line} (1-based) of {@code source}. */
  public AuthorizedKeysException(String source, int line, String message) {
    super(source + ", line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based number of the bad line. */
  public int line() {
    return line;
  }
}
