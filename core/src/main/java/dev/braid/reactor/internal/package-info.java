/**
 * Braid-internal: the selector reactor and its group, and the TCP, UDP and UNIX channels it drives
 * (listening ports, connectors, connections). Reach them through {@code dev.braid.reactor.Reactors}
 * and the interfaces of {@code dev.braid.net}; the contents change without notice.
 */
package dev.braid.reactor.internal;
