package dev.braid.net.endpoints.internal;

import dev.braid.defer.Deferred;
import dev.braid.net.Addresses;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.internal.ReactMain;
import java.io.PrintStream;

/**
 * What {@code Endpoints.serve} does, with the reactor and the error stream given (tests pass their
 * own).
 */
public final class ServeMain {
  private ServeMain() {}

  /**
   * Listens on {@code endpoint} with {@code factory}, writes {@code listening on ADDRESS
   * (ENDPOINT)} to {@code err}, and serves until SIGTERM/SIGINT (0) or a failed listen (1).
   */
  public static int serve(
      Reactor reactor, String endpoint, ProtocolFactory factory, PrintStream err) {
    return ReactMain.react(
        reactor,
        r ->
            Endpoints.serverFromString(r, endpoint)
                .listen(factory)
                .addDeferredCallback(
                    port -> {
                      err.println(
                          "listening on "
                              + Addresses.display(port.address())
                              + " ("
                              + endpoint
                              + ")");
                      return new Deferred<Void>(); // serve until the reactor stops
                    }),
        err);
  }
}
