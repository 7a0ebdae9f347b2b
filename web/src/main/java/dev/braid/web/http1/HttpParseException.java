package dev.braid.web.http1;

import dev.braid.protocols.BadInputException;

/**
 * A message that breaks HTTP/1.1's grammar or one of the {@link HttpLimits}. {@link #status()} is
 * the status a server should answer with (400, 413, 414, 431, 501, 505) before closing the
 * connection; the response parser always reports 502 (the peer is a bad upstream). After this
 * exception the parser is failed for good: no later message is parsed from the same stream.
 */
public final class HttpParseException extends BadInputException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /** An error answered with {@code status}, described by {@code message}. */
  public HttpParseException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status to answer with. */
  public int status() {
    return status;
  }
}
