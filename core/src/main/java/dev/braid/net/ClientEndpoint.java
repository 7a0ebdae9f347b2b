package dev.braid.net;

import dev.braid.defer.Deferred;
import java.net.SocketAddress;
import java.util.function.Function;

/**
 * Somewhere to connect to, independent of the transport: {@code tcp:host=example.com:port=80}. Make
 * one from a string with {@link dev.braid.net.endpoints.Endpoints#clientFromString}. Reactor thread
 * only.
 */
@FunctionalInterface
public interface ClientEndpoint {
  /**
   * Connects; the Deferred fires with the protocol {@code factory} built once its {@link
   * Protocol#connectionMade} has run, or fails with the connect error. Cancelling the Deferred
   * gives up the attempt.
   */
  Deferred<Protocol> connect(ProtocolFactory factory);

  /**
   * A client endpoint over anything that connects with a {@link ClientFactory} and returns a {@link
   * Connector} (e.g. {@code client -> reactor.connectTcp(host, port, client)}): the Deferred fires
   * with the protocol once it is connected, fails with the connect error, and cancelling it stops
   * the attempt. Endpoint parsers use this.
   */
  static ClientEndpoint fromConnector(Function<? super ClientFactory, ? extends Connector> start) {
    return factory -> {
      Connector[] connector = new Connector[1];
      Deferred<Protocol> result =
          new Deferred<>(
              d -> {
                if (connector[0] != null && connector[0].state() == Connector.State.CONNECTING) {
                  connector[0].stopConnecting();
                }
              });
      ClientFactory client =
          new ClientFactory() {
            @Override
            public Protocol buildProtocol(SocketAddress peer) {
              return factory.buildProtocol(peer);
            }

            @Override
            public void startFactory() {
              factory.startFactory();
            }

            @Override
            public void stopFactory() {
              factory.stopFactory();
            }

            @Override
            public void clientConnected(Connector c, Protocol protocol) {
              if (!result.called()) {
                result.callback(protocol);
              }
            }

            @Override
            public void clientConnectionFailed(Connector c, Throwable reason) {
              if (!result.called()) {
                result.errback(reason);
              }
            }
          };
      connector[0] = start.apply(client);
      return result;
    };
  }

  /** Connects {@code protocol} itself and fires with it (Twisted's {@code connectProtocol}). */
  default <P extends Protocol> Deferred<P> connectProtocol(P protocol) {
    return connect(peer -> protocol).addCallback(connected -> protocol);
  }
}
