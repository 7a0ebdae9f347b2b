/**
 * Policies that wrap any protocol or factory (Twisted's {@code protocols.policies}): bandwidth
 * throttling and connection limits ({@link dev.braid.net.policies.ThrottlingFactory}), idle and
 * lifetime timeouts ({@link dev.braid.net.policies.TimeoutFactory}, {@link
 * dev.braid.net.policies.TimeoutProtocol}; a protocol that manages its own deadline keeps a {@link
 * dev.braid.reactor.Timeout}), and a debugging wrapper that logs traffic ({@link
 * dev.braid.net.policies.TrafficLoggingFactory}).
 *
 * <p>A wrapping factory builds, for each connection, a wrapping protocol that is a protocol to the
 * real transport and hands the wrapped protocol a wrapping transport ({@link
 * dev.braid.net.policies.ForwardingTransport}) that forwards to the real one. Everything runs on
 * the reactor thread of the connection; all timing goes through a {@link
 * dev.braid.reactor.ReactorTime}, so tests drive it with a fake clock. See {@code
 * docs/policies.md}.
 */
package dev.braid.net.policies;
