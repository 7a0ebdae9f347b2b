/**
 * Braid-internal: the {@code haproxy:} endpoint parser, found through {@link
 * java.util.ServiceLoader}, which wraps any server endpoint in {@code
 * dev.braid.protocols.proxy.ProxyProtocol}. Not for use outside Braid.
 */
package dev.braid.protocols.proxy.internal;
