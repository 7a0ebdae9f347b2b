package dev.braid.reactor.internal;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.reactor.Reactor;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code Reactors.react} does (and {@code Endpoints.serve}, built on it), with the reactor and
 * the error stream given (tests pass their own).
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
