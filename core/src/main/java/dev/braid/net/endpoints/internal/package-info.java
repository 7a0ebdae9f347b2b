/**
 * Braid-internal: the {@code unix:} endpoint parser, found through {@link java.util.ServiceLoader}.
 * Not for use outside Braid; its contents change without notice.
 */
package dev.braid.net.endpoints.internal;
