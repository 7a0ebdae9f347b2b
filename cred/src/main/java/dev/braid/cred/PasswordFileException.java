package dev.braid.cred;

/** A password file has a line that is not {@code user:BCRYPT-HASH}; the message names the line. */
public final class PasswordFileException extends Exception {
  private final int line;

  /** A problem on line {@code line} (1-based) of the file, described by {@code message}. */
  public PasswordFileException(String file, int line, String message) {
    super(file + ", line " + line + ": " + message);
    this.line = line;
  }

  /** The 1-based number of the bad line. */
  public int line() {
    return line;
  }
}
