package dev.braid.pb;

/**
 * The object has no remote method of that name (Twisted's {@code NoSuchMethod}, as which it
 * travels).
 */
public final class NoSuchRemoteMethod extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}. */
  public NoSuchRemoteMethod(String message) {
    super(message);
  }
}
