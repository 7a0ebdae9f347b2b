package dev.braid.amp;

import dev.braid.defer.Deferred;

/**
 * Answers one command: called on the reactor thread with the decoded arguments, it returns the
 * response, now or later. A failed Deferred or a thrown exception answers with the command's
 * declared error for it, or with {@code UNKNOWN} (and the connection closes) for any other.
 */
@FunctionalInterface
public interface Responder<A, R> {
  /** The response to {@code arguments}. */
  Deferred<R> respond(A arguments) throws Exception;
}
