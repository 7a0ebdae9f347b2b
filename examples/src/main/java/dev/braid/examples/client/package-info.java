/**
 * One client of the tutorial's chat server, written three ways (see {@code docs/coroutines.md}):
 * "who is in the room?" — connect, read the greeting, pick a name (adding {@code _} while it is
 * taken), ask {@code /who}, say {@code /quit}, wait for the close.
 *
 * <ul>
 *   <li>{@link dev.braid.examples.client.WhoWithCallbacks}: a chain of Deferred callbacks on the
 *       reactor thread;
 *   <li>{@link dev.braid.examples.client.WhoWithCoroutine}: a coroutine, {@code await} at each
 *       step, still on the reactor (in hand-off);
 *   <li>{@link dev.braid.examples.client.WhoBlocking}: plain blocking code on another thread, each
 *       step a {@code reactor.blockingCallFromThread}.
 * </ul>
 *
 * All three share the protocol class {@link dev.braid.examples.client.ChatLineClient}, which turns
 * received lines into Deferreds.
 */
package dev.braid.examples.client;
