/**
 * Port forwarding: each accepted connection is joined to a new connection to an upstream endpoint,
 * bytes copied both ways with flow control.
 */
package dev.braid.protocols.forward;
