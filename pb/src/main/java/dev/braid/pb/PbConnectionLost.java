package dev.braid.pb;

/**
 * The connection closed before the answer came (Twisted's {@code PBConnectionLost}), or a call was
 * made on a broker already closed ({@code DeadReferenceError}).
 */
public final class PbConnectionLost extends Exception {
  private static final long serialVersionUID = 1L;

  /** An exception with {@code message}, caused by {@code cause}. */
  public PbConnectionLost(String message, Throwable cause) {
    super(message, cause);
  }
}
