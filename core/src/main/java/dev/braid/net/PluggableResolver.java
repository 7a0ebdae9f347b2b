package dev.braid.net;

/**
 * A reactor's name resolver, which the code that connects by name on that reactor uses unless it
 * was given one of its own: {@link ReactorTcp#connectTcp} (and so the HTTP client), {@link
 * dev.braid.net.endpoints.HostnameEndpoint} and the {@code tcp:}/{@code tcp6:} client endpoints,
 * and the SOCKS server's default factory. It starts as a {@link dev.braid.reactor.SystemResolver};
 * {@link #installResolver} replaces it for everything on the reactor, which is how a resolver
 * module (DNS over its own client, a cache, a fixed table in tests) takes over name resolution
 * without touching the code that connects.
 *
 * <p>The resolver is looked up at each connection attempt, not when an endpoint is built, so one
 * installed later applies to endpoints made before. In a reactor group each reactor has its own
 * resolver: install one on every reactor of the group.
 *
 * <p>Reactor thread only (or the creating thread before the reactor runs).
 */
public interface PluggableResolver {
  /** The resolver in use on this reactor. */
  Resolver resolver();

  /** Makes {@code resolver} this reactor's resolver and returns the one it replaces. */
  Resolver installResolver(Resolver resolver);
}
