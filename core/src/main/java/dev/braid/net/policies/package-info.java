/**
 * Policies that wrap any protocol or factory (Twisted's {@code protocols.policies}): bandwidth
 * throttling and connection limits ({@link dev.braid.net.policies.ThrottlingFactory}), idle and
 * lifetime timeouts ({@link dev.braid.net.policies.TimeoutFactory}, {@link
 * dev.braid.net.policies.TimeoutProtocol}; a protocol that manages its own deadline keeps a {@link
 * dev.braid.time.Timeout}), and a debugging wrapper that logs traffic ({@link
 * dev.braid.net.policies.TrafficLoggingFactory}).
 *
 * <p>A wrapping factory builds, for each connection, a {@link dev.braid.net.Layer}: a protocol to
 * the real transport and the transport of the wrapped protocol, forwarding to the real one. Layers
 * stack in any order and pass protocol switching (STARTTLS) through. Everything runs on the reactor
 * thread of the connection; all timing goes through a {@link dev.braid.time.ReactorTime}, so tests
 * drive it with a fake clock. See {@code docs/policies.md}.
 */
package dev.braid.net.policies;
