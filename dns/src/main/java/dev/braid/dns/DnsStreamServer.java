package dev.braid.dns;

import dev.braid.bytes.ByteString;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.protocols.Int16StringReceiver;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authority} on one TCP connection (RFC 7766): each query has a two-byte length prefix,
 * queries may be pipelined and are answered in the order they came. The connection closes after
 * {@link DnsLimits#tcpIdle()} without a query, and when the client leaves more than {@link
 * DnsLimits#maxTcpBuffered()} bytes of responses unread. A message that cannot be parsed gets
 * FORMERR and the connection closes. Reactor thread only.
 */
public final class DnsStreamServer extends Int16StringReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(DnsStreamServer.class);

  private final Authority authority;
  private final Timeout idle;

  /** Serves {@code authority}, with idle time kept on {@code clock}. */
  public DnsStreamServer(Authority authority, ReactorTime clock) {
    super(65_535);
    this.authority = authority;
    this.idle = clock.timeout(this::idleTimedOut);
  }

  /** A factory of servers for {@code authority}. */
  public static ProtocolFactory factory(Authority authority, ReactorTime clock) {
    return peer -> new DnsStreamServer(authority, clock);
  }

  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    idle.setTimeout(authority.limits().tcpIdle());
  }

  @Override
  protected void stringReceived(ByteString query) {
    idle.resetTimeout();
    byte[] bytes = query.toByteArray();
    var reply = authority.respond(bytes, true);
    if (reply.isEmpty()) {
      transport().loseConnection();
      return;
    }
    sendString(ByteString.wrapOwned(reply.get()));
    if (isFormErr(reply.get())) {
      transport().loseConnection();
      return;
    }
    if (transport().bufferedBytes() > authority.limits().maxTcpBuffered()) {
      LOG.info(
          "DNS: closing the TCP connection from {}: more than {} bytes of responses unread",
          transport().peerAddress(),
          authority.limits().maxTcpBuffered());
      transport().abortConnection();
    }
  }

  private static boolean isFormErr(byte[] reply) {
    return (reply[3] & 0x0f) == 1 && reply[4] == 0 && reply[5] == 0;
  }

  private void idleTimedOut() {
    LOG.debug("DNS: closing the idle TCP connection from {}", transport().peerAddress());
    transport().loseConnection();
  }

  @Override
  public void connectionLost(Throwable reason) {
    idle.cancelTimeout();
  }
}
