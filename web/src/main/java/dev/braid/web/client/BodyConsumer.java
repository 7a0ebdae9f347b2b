package dev.braid.web.client;

import dev.braid.bytes.ByteString;
import dev.braid.web.http.HttpHeaders;

/**
 * Receives a response body (Twisted's body protocol): some {@link #dataReceived} calls, then
 * exactly one of {@link #bodyEnded} or {@link #bodyFailed}. Called on the reactor thread; the byte
 * strings are immutable and may be kept.
 */
public interface BodyConsumer {
  /** More of the body. */
  void dataReceived(ByteString data);

  /** The whole body arrived; {@code trailers} are those of a chunked body (else empty). */
  void bodyEnded(HttpHeaders trailers);

  /** The body was cut short: connection lost, malformed, too large or stopped. */
  void bodyFailed(Throwable reason);
}
