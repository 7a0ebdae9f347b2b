/**
 * Braid-internal: how AMP arguments are read from and written to records (one codec per record type
 * and per value type). Declare commands with {@code dev.braid.amp.Command}; the contents here
 * change without notice.
 */
package dev.braid.amp.internal;
