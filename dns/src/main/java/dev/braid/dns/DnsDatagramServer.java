package dev.braid.dns;

import dev.braid.net.DatagramProtocol;
import dev.braid.net.DatagramTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * An {@link Authority} on a UDP port: each datagram is one query, answered to its sender with at
 * most the size the sender can take (larger answers are truncated with TC set, and the client
 * retries over TCP). Malformed datagrams get FORMERR or nothing ({@link Authority#respond}); none
 * is logged above DEBUG, so a flood of garbage cannot fill the log. Reactor thread only.
 */
public final class DnsDatagramServer implements DatagramProtocol {
  private final Authority authority;
  private DatagramTransport transport;

  /** Serves {@code authority}. */
  public DnsDatagramServer(Authority authority) {
    this.authority = authority;
  }

  @Override
  public void startProtocol(DatagramTransport transport) {
    this.transport = transport;
  }

  @Override
  public void datagramReceived(ByteBuffer data, SocketAddress from) {
    byte[] query = new byte[data.remaining()];
    data.get(query);
    authority
        .respond(query, false, from instanceof InetSocketAddress inet ? inet.getAddress() : null)
        .ifPresent(reply -> transport.write(ByteBuffer.wrap(reply), from));
  }
}
