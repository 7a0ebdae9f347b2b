package dev.braid.web.http1;

import dev.braid.web.http.HttpHeaders;

/** The end of a message, with the trailer fields of a chunked body (empty otherwise). */
public record MessageEnd(HttpHeaders trailers) implements RequestEvent, ResponseEvent {
  private static final MessageEnd NO_TRAILERS = new MessageEnd(HttpHeaders.empty());

  /** The end of a message without trailers. */
  public static MessageEnd of() {
    return NO_TRAILERS;
  }
}
