package dev.braid.web.http1;

import dev.braid.web.http.HttpHeaders;

/**
 * A status line and its header fields.
 *
 * @param version the protocol version
 * @param status the status code, 100..999
 * @param reason the reason phrase (may be empty; HTAB, SP, visible ASCII and obs-text only)
 * @param headers the header fields in order
 */
public record ResponseHead(HttpVersion version, int status, String reason, HttpHeaders headers)
    implements ResponseEvent {
  /** Checks the status range and the reason phrase. */
  public ResponseHead {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status out of range: " + status);
    }
    for (int i = 0; i < reason.length(); i++) {
      if (!HttpHeaders.isValueChar(reason.charAt(i))) {
        throw new IllegalArgumentException("reason phrase holds a forbidden character at " + i);
      }
    }
    if (version == null || headers == null) {
      throw new NullPointerException("version and headers are required");
    }
  }
}
