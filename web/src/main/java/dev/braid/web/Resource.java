package dev.braid.web;

import dev.braid.defer.Deferred;

/**
 * A node of the server's URL tree. The {@link Site} walks the path of a request one decoded segment
 * at a time from its root, asking each resource for its child ({@link #getChild}), until the
 * segments run out or it reaches a {@linkplain #isLeaf() leaf}; then it calls {@link #render} on
 * the resource it stopped at. Methods are called on the reactor thread.
 *
 * <p>A resource answers through the {@link Request}: set a status and headers, then either {@link
 * Request#respond} at once or {@link Request#write} pieces and {@link Request#finish()} (possibly
 * later, from a callback). The {@code Deferred} that {@code render} returns reports failures: an
 * exception thrown by {@code render} or a failed Deferred gives a 500 page and a logged error (an
 * {@link HttpStatusException} gives its own status), unless the response already started.
 */
public interface Resource {
  /**
   * True if this resource takes the rest of the path itself ({@link Request#postpath()}) instead of
   * having children; the default is false.
   */
  default boolean isLeaf() {
    return false;
  }

  /**
   * The child for the decoded path {@code segment} (the empty string for a trailing slash). The
   * default answers this resource for the empty segment and a 404 resource for any other.
   */
  default Resource getChild(String segment, Request request) {
    return segment.isEmpty() ? this : ErrorResource.of(404, "No such resource.");
  }

  /**
   * Answers {@code request}. Return {@link Request#respond} (or {@code Deferred.succeed(null)} when
   * the response goes on streaming); a failed Deferred or a thrown exception becomes an error page.
   */
  Deferred<Void> render(Request request) throws Exception;
}
