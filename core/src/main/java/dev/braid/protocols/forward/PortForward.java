package dev.braid.protocols.forward;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Relay;
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
 * be reached, the accepted connection is closed. The joining is a {@link Relay}.
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

  /** The accepted side: a relay end that waits for the upstream connection. */
  private static final class Inbound implements HalfCloseableProtocol {
    private final ClientEndpoint upstream;
    private final Relay.End end = Relay.end();
    private Deferred<Protocol> connecting;
    private boolean lost;

    Inbound(ClientEndpoint upstream) {
      this.upstream = upstream;
    }

    @Override
    public void connectionMade(Transport transport) {
      end.connectionMade(transport);
      connecting = upstream.connect(peer -> Relay.end());
      connecting.addCallbacks(
          connected -> {
            connecting = null;
            Relay.join(end, (Relay.End) connected);
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
      end.dataReceived(data);
    }

    /** The client stopped sending: the relay passes the half-close on upstream. */
    @Override
    public void readConnectionLost() {
      end.readConnectionLost();
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost = true;
      if (connecting != null) {
        connecting.cancel();
      }
      end.connectionLost(reason);
    }
  }
}
