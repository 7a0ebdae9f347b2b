package dev.braid.net;

/**
 * A transport that can hand its connection to another protocol mid-stream: after {@link
 * #switchProtocol}, every later event ({@code dataReceived}, half-close, {@code connectionLost})
 * goes to the new protocol instead of the old one. This is how a layer such as TLS is inserted into
 * a live connection ({@code dev.braid.net.tls.Tls#startTls}).
 *
 * <p>Bytes already handed to the old protocol stay with it; the new protocol sees only what is read
 * after the switch. The new protocol's {@code connectionMade} is <em>not</em> called by the
 * transport: whoever switches calls it. Reactor thread only.
 */
public interface ProtocolSwitching extends Transport {
  /** From now on, deliver this connection's events to {@code next}. */
  void switchProtocol(Protocol next);
}
