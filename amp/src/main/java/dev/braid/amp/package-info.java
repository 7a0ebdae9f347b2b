/**
 * The Asynchronous Messaging Protocol (AMP), wire-compatible with Twisted's {@code
 * twisted.protocols.amp}.
 *
 * <p>{@link dev.braid.amp.AmpBoxParser} and {@link dev.braid.amp.AmpBox} are the sans-IO layer
 * (key/value boxes, no I/O); {@link dev.braid.amp.Command} declares a command with records for its
 * arguments and response; {@link dev.braid.amp.Amp} is the protocol: {@code callRemote},
 * responders, errors and protocol switching. See {@code docs/amp.md}.
 */
package dev.braid.amp;
