package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.reactor.internal.ReactMain;
import dev.braid.reactor.internal.SelectorReactor;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Creates reactors, and runs a program's main function on one: {@link #react} for a main that
 * returns a Deferred ({@code Endpoints.serve}, built on it, serves a protocol on an endpoint).
 */
public final class Reactors {
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
   * Runs {@code main} on a new reactor and blocks until the Deferred it returns fires, or until the
   * process gets SIGTERM or SIGINT (Ctrl-C); then stops the reactor (its shutdown triggers run,
   * listening ports and connections close) and returns an exit status: 0 when the Deferred
   * succeeded or a signal stopped the program, 1 when the Deferred failed, after writing the
   * failure's message to standard error (with no logging set up, that line is all the user sees;
   * the stack trace is logged at DEBUG). A second signal exits at once, with status 130. Twisted's
   * {@code task.react}: a program's {@code main} ends with {@code
   * System.exit(Reactors.react(...))}.
   *
   * <pre>{@code
   * System.exit(Reactors.react(reactor -> fetchAndPrint(reactor, args[0])));
   * }</pre>
   *
   * <p>It handles the signals while it runs (through {@code sun.misc.Signal}) and puts the previous
   * handlers back when it returns. Call it on the program's main thread, which becomes the reactor
   * thread.
   */
  public static int react(Function<? super Reactor, ? extends Deferred<?>> main) {
    return ReactMain.react(create(), main, System.err);
  }
}
