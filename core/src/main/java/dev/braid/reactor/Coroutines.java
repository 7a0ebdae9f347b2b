package dev.braid.reactor;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coroutines: code that reads like blocking code but runs on the reactor, Braid's form of Twisted's
 * {@code inlineCallbacks} (or async/await).
 *
 * <pre>{@code
 * Deferred<String> reply = Coroutines.async(reactor, () -> {
 *   LineClient client = await(endpoint.connectProtocol(new LineClient()));
 *   client.sendLine("HELLO");
 *   String answer = await(client.nextLine());   // the reactor runs while the body waits here
 *   client.transport().loseConnection();
 *   return answer;
 * });
 * }</pre>
 *
 * <h2>The model: strict hand-off</h2>
 *
 * {@link #async} runs the body on a new virtual thread, but never at the same time as the reactor:
 * while the body runs, the thread that holds the reactor (the loop thread, usually) is parked, and
 * the body is the reactor's thread ({@code reactor.isReactorThread()} is true there); while the
 * reactor runs, the body is parked. The body gives the reactor back only in {@link #await} on a
 * Deferred that has not fired yet, and when it ends. So the awaits are the only points where other
 * code (protocol callbacks, timers, other coroutines) can run in between, and a body may use
 * protocols, transports, Deferreds and any state the reactor's callbacks use, without locks. {@code
 * await} on a Deferred that already fired returns at once, without any switch.
 *
 * <h2>Results, errors, cancellation</h2>
 *
 * <ul>
 *   <li>The Deferred that {@code async} returns fires with the body's return value, or fails with
 *       the exception the body threw: the same object, with its own stack trace.
 *   <li>{@code await} takes the awaited Deferred's result (like a callback at the end of its chain,
 *       after which the chain goes on with {@code null}) and returns it, or throws its error: the
 *       original exception object, unwrapped, whether checked or unchecked. {@code await} declares
 *       {@code throws Exception} so that {@code catch (IOException e)} around it compiles; a body
 *       is a {@link Callable}, so errors it does not catch simply leave it and fail its Deferred.
 *   <li>Cancelling the Deferred from {@code async} while the body is parked in {@code await}
 *       cancels the awaited Deferred, so that {@code await} throws (a {@link
 *       CancellationException}, unless the awaited Deferred's canceller fails it otherwise). The
 *       body may catch it and clean up (even await more); if it returns a value, its Deferred fires
 *       with that value, otherwise it fails with what the body threw. A cancel while the body runs
 *       (the body cancelling itself) only fails its Deferred; the body goes on.
 * </ul>
 *
 * <h2>Blocking</h2>
 *
 * A body that blocks (a sleep, blocking I/O, a lock, {@code join}) holds the reactor all that time,
 * exactly like a callback that blocks: no other connection, timer or coroutine runs meanwhile.
 * Blocking work belongs in {@code await(reactor.deferToThread(...))}. Each time a body holds the
 * reactor for longer than the warning threshold between two switches, a WARN is logged (logger
 * {@code dev.braid.reactor.Coroutines}). The threshold is 1 s by default; the system property
 * {@code braid.coroutines.holdWarning} (an ISO-8601 duration such as {@code PT0.2S}) changes the
 * default, and {@link #builder()} makes a {@code Coroutines} with its own threshold and logger.
 *
 * <p>A body parked on a Deferred that never fires stays parked (a virtual thread costs about a
 * kilobyte): cancel its Deferred, or give its awaits a timeout ({@link Deferred#addTimeout}).
 *
 * <h2>Threads and reactors</h2>
 *
 * {@code async} must be called on the reactor thread, which includes a coroutine body (a nested
 * {@code async} runs the inner body in hand-off too, at once, until its first await; the outer body
 * usually awaits its Deferred) and a test body holding the reactor through Braid's JUnit extension.
 * It needs a reactor that can be lent to the body's thread, a {@link LendableReactor}: Braid's
 * selector reactor ({@link dev.braid.reactor.Reactors#create()}), or the testing kit's {@code
 * MemoryReactor}, where a coroutine runs in memory on the fake clock: the test's thread lends the
 * reactor to the body, and gets it back when the body awaits a Deferred that has not fired; the
 * body resumes, on the test's call, when the test fires that Deferred (by advancing the clock,
 * pumping a loopback, or calling it back). Any other reactor is rejected with {@link
 * IllegalArgumentException}. {@code await} may only be called by a body, on the body's own thread.
 *
 * <p>An instance (from {@link #builder()}) is immutable and may be shared by any number of reactors
 * and threads; {@link #start} has the same rules as {@link #async}.
 */
public final class Coroutines {
  /** The system property that sets the default hold-warning threshold (ISO-8601 duration). */
  public static final String HOLD_WARNING_PROPERTY = "braid.coroutines.holdWarning";

  private static final Duration DEFAULT_HOLD_WARNING = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(Coroutines.class);
  private static final Coroutines DEFAULT =
      new Coroutines(defaultHoldWarning(System.getProperty(HOLD_WARNING_PROPERTY)), LOG);

  private final Duration holdWarning;
  private final Logger log;

  private Coroutines(Duration holdWarning, Logger log) {
    this.holdWarning = holdWarning;
    this.log = log;
  }

  /**
   * Starts {@code body} as a coroutine on {@code reactor} and returns the Deferred of its result.
   * The body runs at once, before this returns, up to its first {@link #await} on a Deferred that
   * has not fired (or to its end). Call it on the reactor thread (or from a body); uses the default
   * hold-warning threshold.
   *
   * @throws IllegalStateException called off the reactor thread
   * @throws IllegalArgumentException {@code reactor} is not a {@link LendableReactor}
   */
  public static <T> Deferred<T> async(Reactor reactor, Callable<T> body) {
    return DEFAULT.start(reactor, body);
  }

  /**
   * In a coroutine body: waits for {@code deferred} and returns its value, or throws its error (the
   * original exception, checked or not). Returns at once when {@code deferred} already fired;
   * otherwise gives the reactor back and parks the body until it fires. Takes the result: the
   * awaited Deferred's chain goes on with {@code null}.
   *
   * @throws IllegalStateException called outside a coroutine body
   * @throws CancellationException the awaited Deferred (or the coroutine's) was cancelled
   */
  public static <T> T await(Deferred<T> deferred) throws Exception {
    if (!Coroutine.CURRENT.isBound()) {
      throw new IllegalStateException(
          "Coroutines.await called on thread "
              + Thread.currentThread().getName()
              + ", outside a coroutine body; start one with Coroutines.async(reactor, body)"
              + " (a test holding the reactor waits with ReactorTester.await)");
    }
    Coroutine<?> coroutine = Coroutine.CURRENT.get();
    if (!coroutine.isBodyThread()) {
      throw new IllegalStateException(
          "Coroutines.await called on thread "
              + Thread.currentThread().getName()
              + ", which inherited a coroutine's scope but is not its body thread;"
              + " only the body itself may await");
    }
    return switch (coroutine.suspendOn(deferred)) {
      case Outcome.Success<T>(var value) -> value;
      case Outcome.Failure<T>(var error) -> throw rethrow(error);
    };
  }

  /** True on the thread of a running coroutine body (where {@link #await} may be called). */
  public static boolean inBody() {
    return Coroutine.CURRENT.isBound() && Coroutine.CURRENT.get().isBodyThread();
  }

  /** A builder for a {@code Coroutines} with its own settings; any thread. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Like {@link #async}, with this instance's settings.
   *
   * @throws IllegalStateException called off the reactor thread
   * @throws IllegalArgumentException {@code reactor} is not a {@link LendableReactor}
   */
  public <T> Deferred<T> start(Reactor reactor, Callable<T> body) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(body, "body");
    if (!(reactor instanceof LendableReactor lendable)) {
      throw new IllegalArgumentException(
          "coroutines need a reactor that can be lent to the body's thread (a LendableReactor:"
              + " Braid's selector reactor from Reactors.create(), or the testing kit's"
              + " MemoryReactor), not "
              + reactor.getClass().getName());
    }
    if (!reactor.isReactorThread()) {
      throw new IllegalStateException(
          "Coroutines.async called on thread "
              + Thread.currentThread().getName()
              + ", not the reactor thread; use reactor.callFromThread(() -> Coroutines.async(...))");
    }
    return new Coroutine<>(lendable, body, holdWarning, log).start();
  }

  /** How long a body may hold the reactor between two switches before a WARN is logged. */
  public Duration holdWarning() {
    return holdWarning;
  }

  @Override
  public String toString() {
    return "Coroutines[holdWarning=" + holdWarning + "]";
  }

  static Duration defaultHoldWarning(String property) {
    if (property == null || property.isBlank()) {
      return DEFAULT_HOLD_WARNING;
    }
    try {
      Duration parsed = Duration.parse(property.trim());
      if (parsed.isNegative()) {
        throw new IllegalArgumentException(
            HOLD_WARNING_PROPERTY + " must not be negative: " + property);
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          HOLD_WARNING_PROPERTY + " must be an ISO-8601 duration such as PT0.5S: " + property, e);
    }
  }

  private static RuntimeException rethrow(Throwable error) throws Exception {
    if (error instanceof Exception e) {
      throw e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw Coroutines.<RuntimeException>sneaky(error);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  /** Settings for a {@link Coroutines}; not thread-safe, use on one thread. */
  public static final class Builder {
    private Duration holdWarning = DEFAULT.holdWarning;
    private Logger logger = LOG;

    private Builder() {}

    /**
     * Log a WARN each time a body holds the reactor this long or longer between two switches
     * (default 1 s, or the {@code braid.coroutines.holdWarning} system property). {@link
     * Duration#ZERO} warns on every stretch, which tests use.
     */
    public Builder holdWarning(Duration threshold) {
      Objects.requireNonNull(threshold, "threshold");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("holdWarning must not be negative: " + threshold);
      }
      this.holdWarning = threshold;
      return this;
    }

    /** The logger for hold warnings (default: {@code dev.braid.reactor.Coroutines}). */
    public Builder logger(Logger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /** The configured {@code Coroutines}. */
    public Coroutines build() {
      return new Coroutines(holdWarning, logger);
    }
  }
}
