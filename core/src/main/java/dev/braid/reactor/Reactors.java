package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.reactor.internal.SelectorReactor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates reactors, and runs a main function on one ({@link #react}). */
public final class Reactors {
  private static final Logger LOG = LoggerFactory.getLogger(Reactors.class);

  /** How long shutdown waits for each phase of triggers by default. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private Reactors() {}

  /**
   * A new selector-based reactor, not yet running. The creating thread may set it up (listen,
   * connect, schedule calls) before calling {@link Reactor#run()}.
   */
  public static Reactor create() {
    return new SelectorReactor(DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** A new reactor whose shutdown waits at most {@code shutdownTimeout} for each phase. */
  public static Reactor create(Duration shutdownTimeout) {
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdown timeout must not be negative: " + shutdownTimeout);
    }
    return new SelectorReactor(shutdownTimeout);
  }

  /**
   * A new reactor whose loop thread only selects and hands the rest of each turn (ready channels,
   * timers, tasks) to {@code dispatcher}, which runs it on its own thread, such as a GUI toolkit's
   * event thread (see {@link LoopDispatcher}). Shutdown waits at most {@code shutdownTimeout} for
   * each phase.
   */
  public static Reactor create(Duration shutdownTimeout, LoopDispatcher dispatcher) {
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "shutdown timeout must not be negative: " + shutdownTimeout);
    }
    return new SelectorReactor(shutdownTimeout, Objects.requireNonNull(dispatcher, "dispatcher"));
  }

  /**
   * Runs {@code main} on a new reactor and blocks until the Deferred it returns fires; then stops
   * the reactor and returns an exit code: 0 when the Deferred succeeded, 1 when it failed (the
   * error is logged). Twisted's {@code task.react}; a command's {@code main} ends with {@code
   * System.exit(Reactors.react(...))}.
   */
  @SuppressWarnings("unchecked")
  public static int react(Function<? super Reactor, ? extends Deferred<?>> main) {
    Reactor reactor = create();
    int[] code = {0};
    reactor.callWhenRunning(
        () ->
            Deferred.<Object>maybeDeferredAsync(() -> (Deferred<Object>) main.apply(reactor))
                .addBoth(
                    outcome -> {
                      if (outcome instanceof dev.braid.defer.Outcome.Failure<?>(var error)) {
                        LOG.error("main function failed", error);
                        code[0] = 1;
                      }
                      reactor.stop();
                      return null;
                    }));
    reactor.run();
    return code[0];
  }
}
