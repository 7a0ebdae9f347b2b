/**
 * Basic stream protocols, each as a pure parser and a thin protocol class: lines ({@link
 * dev.braid.protocols.LineParser}, {@link dev.braid.protocols.LineReceiver}, {@link
 * dev.braid.protocols.LineOnlyReceiver}), length-prefixed strings ({@link
 * dev.braid.protocols.PrefixedStringParser}, {@link dev.braid.protocols.Int8StringReceiver}, {@link
 * dev.braid.protocols.Int16StringReceiver}, {@link dev.braid.protocols.Int32StringReceiver}) and
 * netstrings ({@link dev.braid.protocols.NetstringParser}, {@link
 * dev.braid.protocols.NetstringReceiver}).
 *
 * <p>The parsers do no I/O and know nothing of transports, reactors or threads: feed them lent
 * {@link java.nio.ByteBuffer}s, get {@link dev.braid.bytes.ByteString}s back. Each has an explicit
 * limit and a checked exception for input that passes it or is malformed. The protocol classes call
 * a hook for those errors whose default closes the connection. Everything here runs on the reactor
 * thread of the connection it serves. Small servers built on these (echo, chargen, ...) are in
 * {@link dev.braid.protocols.wire}.
 */
package dev.braid.protocols;
