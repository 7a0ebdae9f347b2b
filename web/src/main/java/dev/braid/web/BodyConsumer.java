package dev.braid.web;

import java.nio.ByteBuffer;

/**
 * Receives a request body as it arrives ({@link Request#readBody}). Called on the reactor thread.
 * Flow control: call {@link Request#pauseBody()} to stop the connection reading and {@link
 * Request#resumeBody()} to go on.
 */
public interface BodyConsumer {
  /** Bytes of the body, lent for the duration of the call: copy what you keep. */
  void bodyData(ByteBuffer data);

  /** The body is complete. */
  void bodyEnd();

  /**
   * The body will not complete: the connection was lost, the body exceeded the request's limit
   * ({@link HttpStatusException} 413) or came too slowly.
   */
  default void bodyFailed(Throwable reason) {}
}
