package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.net.Addresses;
import dev.braid.net.Endpoints;
import dev.braid.net.ProtocolFactory;
import dev.braid.reactor.Reactor;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code Reactors.react} and {@code Reactors.serve} do, with the reactor and the error stream
 * given (tests pass their own).
 */
public final class ReactMain {
  private static final Logger LOG = LoggerFactory.getLogger(ReactMain.class);

  /** The exit status after a second SIGINT or SIGTERM, which does not wait for the shutdown. */
  static final int SECOND_SIGNAL_STATUS = 130;

  private ReactMain() {}

  /**
   * Runs {@code main} on {@code reactor} until its Deferred fires or SIGTERM/SIGINT stops the
   * reactor; returns 0, or 1 after writing the failure's message to {@code err}.
   */
  @SuppressWarnings("unchecked")
  public static int react(
      Reactor reactor, Function<? super Reactor, ? extends Deferred<?>> main, PrintStream err) {
    AtomicInteger status = new AtomicInteger();
    AtomicInteger signals = new AtomicInteger();
    Runnable restore =
        ProcessSignals.handle(
            () -> {
              if (signals.incrementAndGet() > 1) {
                Runtime.getRuntime().halt(SECOND_SIGNAL_STATUS);
              }
              reactor.callFromThread(() -> stopIfRunning(reactor));
            },
            "TERM",
            "INT");
    try {
      reactor.callWhenRunning(
          () ->
              Deferred.<Object>maybeDeferredAsync(() -> (Deferred<Object>) main.apply(reactor))
                  .addBoth(
                      outcome -> {
                        if (outcome instanceof Outcome.Failure<?>(var error)) {
                          err.println(describe(error));
                          LOG.debug("the main function failed", error);
                          status.set(1);
                        }
                        stopIfRunning(reactor);
                        return null;
                      }));
      reactor.run();
    } finally {
      restore.run();
    }
    return status.get();
  }

  /**
   * Listens on {@code endpoint} with {@code factory}, writes {@code listening on ADDRESS
   * (ENDPOINT)} to {@code err}, and serves until SIGTERM/SIGINT (0) or a failed listen (1).
   */
  public static int serve(
      Reactor reactor, String endpoint, ProtocolFactory factory, PrintStream err) {
    return react(
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

  private static void stopIfRunning(Reactor reactor) {
    if (reactor.running()) {
      reactor.stop();
    }
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank() ? error.toString() : message;
  }
}
