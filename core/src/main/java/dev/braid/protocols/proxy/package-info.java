/**
 * The PROXY protocol (HAProxy's, versions 1 and 2): a load balancer in front of a server sends one
 * header before the client's bytes, naming the client's real address.
 *
 * <ul>
 *   <li>{@link dev.braid.protocols.proxy.ProxyHeaderParser}: the sans-IO parser (either version,
 *       detected from the first bytes), with explicit limits;
 *   <li>{@link dev.braid.protocols.proxy.ProxyHeader}: what a header says, with {@link
 *       dev.braid.protocols.proxy.ProxyHeader#encodeV1()} and {@link
 *       dev.braid.protocols.proxy.ProxyHeader#encodeV2()};
 *   <li>{@link dev.braid.protocols.proxy.ProxyProtocol}: wraps a {@link
 *       dev.braid.net.ProtocolFactory} so each connection must begin with a header, and the wrapped
 *       protocol sees the client's address as {@link dev.braid.net.Transport#peerAddress()}. The
 *       {@code haproxy:} endpoint prefix uses it.
 * </ul>
 *
 * See {@code docs/endpoints.md}.
 */
package dev.braid.protocols.proxy;
