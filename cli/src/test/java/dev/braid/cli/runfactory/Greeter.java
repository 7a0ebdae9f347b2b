package dev.braid.cli.runfactory;

import dev.braid.net.Protocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.Transport;
import dev.braid.reactor.Reactor;

/**
 * A user's protocol with the first form {@code braid run --factory} takes: a public static {@code
 * factory(Reactor)} method. Greets each connection, saying whether it runs on the reactor it was
 * given, then closes it.
 */
public final class Greeter {
  private Greeter() {}

  /** The factory {@code braid run --factory dev.braid.cli.runfactory.Greeter} serves. */
  public static ProtocolFactory factory(Reactor reactor) {
    return peer ->
        new Protocol() {
          @Override
          public void connectionMade(Transport transport) {
            transport.write("hello from my reactor: " + reactor.isReactorThread() + "\n");
            transport.loseConnection();
          }
        };
  }
}
