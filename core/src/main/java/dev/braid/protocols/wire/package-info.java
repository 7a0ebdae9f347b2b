/**
 * Small classic servers, as examples of protocols and flow control and as the first plugins: {@link
 * dev.braid.protocols.wire.Echo} (RFC 862), {@link dev.braid.protocols.wire.Discard} (RFC 863),
 * {@link dev.braid.protocols.wire.Chargen} (RFC 864) and {@link dev.braid.protocols.wire.Daytime}
 * (RFC 867). Each has a {@code factory()} to listen with; all run on the reactor thread.
 */
package dev.braid.protocols.wire;
