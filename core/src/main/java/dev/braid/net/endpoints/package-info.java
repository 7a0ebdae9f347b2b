/**
 * Endpoints from strings, as a command line takes them: {@link
 * dev.braid.net.endpoints.Endpoints#serverFromString}, {@link
 * dev.braid.net.endpoints.Endpoints#clientFromString} and {@link
 * dev.braid.net.endpoints.Endpoints#datagramServerFromString} parse {@code tcp:}, {@code tcp6:},
 * {@code udp:} and the types other packages register as an {@link
 * dev.braid.net.endpoints.EndpointParser} through {@link java.util.ServiceLoader} ({@code
 * ssl:}/{@code tls:}, {@code unix:}, {@code haproxy:}); {@link
 * dev.braid.net.endpoints.HostnameEndpoint} connects to a host name with happy eyeballs.
 *
 * <p>Layers: endpoints stand above the reactor, which they listen and connect with; what they give
 * out are the interfaces of {@code dev.braid.net} ({@code ServerEndpoint}, {@code ClientEndpoint},
 * {@code DatagramEndpoint}), so code that takes an endpoint needs nothing from here.
 */
package dev.braid.net.endpoints;
