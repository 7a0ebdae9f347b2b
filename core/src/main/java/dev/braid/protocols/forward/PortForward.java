package dev.braid.protocols.forward;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PushProducer;
import dev.braid.net.Transport;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each accepted connection to {@code upstream} (Twisted's portforward). While the upstream
 * connection is being made the accepted side is not read from; once both are up, bytes are copied
 * both ways. Flow control: a side that cannot keep up pauses reading on the other, so a slow reader
 * never makes the forwarder buffer more than the water marks. When one side closes, the other is
 * closed after it has sent what it still holds (nothing accepted is lost); if the upstream cannot
 * be reached, the accepted connection is closed.
 *
 * <p>Reactor thread only.
 */
public final class PortForward {
  private static final Logger LOG = LoggerFactory.getLogger(PortForward.class);

  private PortForward() {}

  /** A factory for the accepted side: each connection is forwarded to {@code upstream}. */
  public static ProtocolFactory factory(ClientEndpoint upstream) {
    return peer -> new Inbound(upstream);
  }

  /**
   * Pauses and resumes reading on a transport, but never closes it (unlike the transport itself).
   */
  private record ReadingOf(Transport transport) implements PushProducer {
    @Override
    public void pauseProducing() {
      transport.pauseProducing();
    }

    @Override
    public void resumeProducing() {
      transport.resumeProducing();
    }

    @Override
    public void stopProducing() {}
  }

  /** Joins two transports so that each one's writes pace the other's reading. */
  private static void join(Transport a, Transport b) {
    a.registerProducer(new ReadingOf(b));
    b.registerProducer(new ReadingOf(a));
  }

  /** The accepted side. */
  private static final class Inbound implements HalfCloseableProtocol {
    private final ClientEndpoint upstream;
    private Transport transport;
    private boolean inputDone;
    private Deferred<Protocol> connecting;
    private Outbound outbound;
    private boolean lost;

    Inbound(ClientEndpoint upstream) {
      this.upstream = upstream;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.pauseProducing();
      connecting = upstream.connect(peer -> new Outbound(this));
      connecting.addCallbacks(
          connected -> {
            connecting = null;
            outbound = (Outbound) connected;
            join(transport, outbound.transport);
            if (inputDone) {
              outbound.transport.loseWriteConnection();
            } else {
              transport.resumeProducing();
            }
            return null;
          },
          error -> {
            connecting = null;
            if (!lost) {
              LOG.info(
                  "cannot forward the connection from {}: {}",
                  transport.peerAddress(),
                  error.toString());
              transport.loseConnection();
            }
            return null;
          });
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      outbound.transport.writeCopy(data);
    }

    /** The client stopped sending: pass the half-close on upstream. */
    @Override
    public void readConnectionLost() {
      inputDone = true;
      if (outbound != null) {
        outbound.transport.loseWriteConnection();
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost = true;
      if (connecting != null) {
        connecting.cancel();
      } else if (outbound != null) {
        outbound.transport.loseConnection();
      }
    }
  }

  /** The upstream side. */
  private static final class Outbound implements HalfCloseableProtocol {
    private final Inbound inbound;
    private Transport transport;

    Outbound(Inbound inbound) {
      this.inbound = inbound;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      inbound.transport.writeCopy(data);
    }

    /** The upstream stopped sending: pass the half-close on to the client. */
    @Override
    public void readConnectionLost() {
      inbound.transport.loseWriteConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
      inbound.transport.loseConnection();
    }
  }
}
