package dev.braid.amp;

import dev.braid.bytes.ByteString;

/**
 * The peer answered a call with an error code the command does not declare, such as {@code
 * UNKNOWN}, which Twisted sends when a responder fails with an undeclared exception (Twisted's
 * {@code UnknownRemoteError}).
 */
public final class UnknownRemoteException extends Exception {
  private final ByteString code;

  /** An exception for {@code code} with the peer's description. */
  public UnknownRemoteException(ByteString code, String description) {
    super(code.utf8() + ": " + description);
    this.code = code;
  }

  /** The {@code _error_code} the peer sent. */
  public ByteString code() {
    return code;
  }
}
