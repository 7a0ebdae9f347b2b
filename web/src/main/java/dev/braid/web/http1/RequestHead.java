package dev.braid.web.http1;

import dev.braid.web.http.HttpHeaders;

/**
 * A request line and its header fields.
 *
 * @param method the method, a token, case-sensitive ({@code "GET"})
 * @param target the request-target as sent: origin-form ({@code /a?b}), absolute-form, authority
 *     form (CONNECT) or {@code *} (OPTIONS)
 * @param version the protocol version
 * @param headers the header fields in order
 */
public record RequestHead(String method, String target, HttpVersion version, HttpHeaders headers)
    implements RequestEvent {
  /** Checks that the method is a token and the target is non-empty visible ASCII. */
  public RequestHead {
    if (!HttpHeaders.isToken(method)) {
      throw new IllegalArgumentException("method is not a token: " + method);
    }
    if (!RequestTargets.isValid(method, target)) {
      throw new IllegalArgumentException("invalid request target: " + target);
    }
    if (version == null || headers == null) {
      throw new NullPointerException("version and headers are required");
    }
  }
}
