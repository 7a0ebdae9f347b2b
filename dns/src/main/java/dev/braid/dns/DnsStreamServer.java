package dev.braid.dns;

import dev.braid.bytes.ByteString;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PullProducer;
import dev.braid.net.Transport;
import dev.braid.protocols.Int16StringReceiver;
import dev.braid.time.ReactorTime;
import dev.braid.time.Timeout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authority} on one TCP connection (RFC 7766): each query has a two-byte length prefix,
 * queries may be pipelined and are answered in the order they came. A zone transfer is written one
 * message at a time as the client reads it (a pull producer on the transport), so a large zone
 * costs no more memory than a message; the connection stops reading while a transfer runs, and
 * queries pipelined behind it are answered after it. The connection closes after {@link
 * DnsLimits#tcpIdle()} without a query (or without the client reading a transfer), and when the
 * client leaves more than {@link DnsLimits#maxTcpBuffered()} bytes of responses unread. A message
 * that cannot be parsed gets FORMERR and the connection closes. Reactor thread only.
 */
public final class DnsStreamServer extends Int16StringReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(DnsStreamServer.class);

  private final Authority authority;
  private final Timeout idle;
  private final ArrayDeque<ByteString> waiting = new ArrayDeque<>();
  private Iterator<byte[]> transfer;
  private boolean closed;

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
    if (transfer != null) {
      waiting.add(query); // answered once the transfer is written; reading is paused till then
      return;
    }
    answer(query);
  }

  private void answer(ByteString query) {
    Iterator<byte[]> replies = authority.respondOverTcp(query.toByteArray(), peerAddress());
    if (!replies.hasNext()) {
      close();
      return;
    }
    byte[] first = replies.next();
    sendString(ByteString.wrapOwned(first));
    if (isFormErr(first)) {
      close();
      return;
    }
    if (replies.hasNext()) {
      transfer = replies;
      transport().pauseProducing();
      transport().registerProducer((PullProducer) new TransferWriter());
      return;
    }
    if (transport().bufferedBytes() > authority.limits().maxTcpBuffered()) {
      LOG.info(
          "DNS: closing the TCP connection from {}: more than {} bytes of responses unread",
          transport().peerAddress(),
          authority.limits().maxTcpBuffered());
      closed = true;
      transport().abortConnection();
    }
  }

  /** Writes the next message of the transfer each time the client has read the last ones. */
  private final class TransferWriter implements PullProducer {
    @Override
    public void resumeProducing() {
      if (closed) {
        return;
      }
      idle.resetTimeout();
      if (transfer.hasNext()) {
        sendString(ByteString.wrapOwned(transfer.next()));
        return;
      }
      transport().unregisterProducer();
      transfer = null;
      while (transfer == null && !closed && !waiting.isEmpty()) {
        answer(waiting.removeFirst());
      }
      if (transfer == null && !closed) {
        transport().resumeProducing();
      }
    }

    @Override
    public void stopProducing() {
      transfer = null;
      waiting.clear();
    }
  }

  private InetAddress peerAddress() {
    return transport().peerAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  private void close() {
    closed = true;
    transport().loseConnection();
  }

  private static boolean isFormErr(byte[] reply) {
    return (reply[3] & 0x0f) == 1 && reply[4] == 0 && reply[5] == 0;
  }

  private void idleTimedOut() {
    LOG.debug("DNS: closing the idle TCP connection from {}", transport().peerAddress());
    close();
  }

  @Override
  public void connectionLost(Throwable reason) {
    closed = true;
    idle.cancelTimeout();
    transfer = null;
    waiting.clear();
  }
}
