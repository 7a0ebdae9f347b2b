/**
 * Braid-internal: finding Deferreds that were garbage-collected holding an error nobody handled.
 * The public door is {@code dev.braid.defer.Deferred#logCollectedUnhandledErrors()}.
 */
package dev.braid.defer.internal;
