/**
 * Deferreds: results that do not exist yet, with Twisted's semantics and Java's types.
 *
 * <h2>The model</h2>
 *
 * A {@link dev.braid.defer.Deferred} is a chain of callbacks and errbacks that a result runs down
 * once it arrives. It fires once ({@code callback} or {@code errback}); callbacks run synchronously
 * and in order; a callback that throws moves the chain to the errback path and an errback that
 * returns a value moves it back. Errors are plain {@code Throwable}s (no wrapper); {@link
 * dev.braid.defer.Outcome} is a value-or-error for {@code addBoth}. A callback that returns another
 * Deferred pauses the chain until that one fires; the chain runner is iterative, so chains of any
 * depth neither recurse nor overflow the stack. {@code cancel()} reaches the innermost Deferred a
 * chain waits on; {@code addTimeout} cancels on a {@link dev.braid.time.ReactorTime} clock.
 *
 * <p>Around it: {@link dev.braid.defer.DeferredList}, {@code Deferred.gather} and {@code
 * Deferred.race} wait on several Deferreds; {@link dev.braid.defer.DeferredLock}, {@link
 * dev.braid.defer.DeferredSemaphore} and {@link dev.braid.defer.DeferredQueue} coordinate work
 * without blocking a thread; {@code Deferred.toCompletableFuture()} and {@code Deferred.fromFuture}
 * convert to and from {@link java.util.concurrent.CompletionStage}.
 *
 * <h2>Coroutines</h2>
 *
 * {@link dev.braid.reactor.Coroutines} writes a sequence of asynchronous steps top to bottom:
 * {@code Coroutines.async(reactor, body)} runs the body on a virtual thread in strict hand-off with
 * the reactor (never at the same time), and {@code Coroutines.await(deferred)} in the body waits
 * for a Deferred, letting the reactor run meanwhile. The awaits are the only switch points.
 * Coroutines live in {@code dev.braid.reactor}, beside the hand-off they run on: this package knows
 * no reactor, only the clock of {@code dev.braid.time}.
 *
 * <h2>Threads</h2>
 *
 * Nothing here is thread-safe, by design: a Deferred and everything built on it belong to one
 * thread, in Braid the reactor thread, and that is why callbacks need no locks. Results made on
 * other threads come in through the reactor ({@code callFromThread}, or {@code fromFuture} with the
 * reactor as its executor). The one exception is the future from {@code toCompletableFuture()},
 * which any thread may read and wait on.
 *
 * <h2>Errors nobody handles</h2>
 *
 * A Deferred garbage-collected while its chain ends in an error is logged at ERROR as {@code
 * Unhandled error in Deferred} with the error's stack trace (logger {@code
 * dev.braid.defer.Deferred}); Braid's test extension fails a test that leaves one behind. An error
 * is handled once an errback takes it or it moves on to another Deferred (returned from a callback,
 * {@code chain}ed, gathered with error consumption, or handed to a future). Tracking costs nothing
 * on the success path: only Deferreds whose chain currently ends in an error are tracked (see
 * {@code dev.braid.defer.internal.UnhandledErrors}).
 */
package dev.braid.defer;
