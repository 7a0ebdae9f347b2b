package dev.braid.web.http1;

/**
 * A 1xx interim response (100 Continue, 103 Early Hints...; not 101, which is final), which has no
 * body and is followed by more responses to the same request.
 */
public record InterimResponse(ResponseHead head) implements ResponseEvent {
  /** Checks that the status is 1xx and not 101. */
  public InterimResponse {
    if (head.status() / 100 != 1 || head.status() == 101) {
      throw new IllegalArgumentException("not an interim status: " + head.status());
    }
  }
}
