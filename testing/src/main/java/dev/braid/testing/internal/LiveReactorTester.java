package dev.braid.testing.internal;

import dev.braid.defer.Deferred;
import dev.braid.defer.Outcome;
import dev.braid.net.ListeningPort;
import dev.braid.reactor.HandOff;
import dev.braid.reactor.LendableReactor;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactors;
import dev.braid.testing.ReactorTester;
import dev.braid.time.DelayedCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link ReactorTester} of one test: a real reactor running on its own thread, handed to the
 * test's thread with a {@link HandOff} so the test body holds it between awaits.
 */
public final class LiveReactorTester implements ReactorTester {
  private final LendableReactor reactor;
  private final HandOff handOff;
  private final Thread loopThread;
  private final Duration timeout;
  private final List<Throwable> loopFailure = new ArrayList<>();

  /** Starts a reactor and makes the calling thread hold it; {@code timeout} bounds each await. */
  public LiveReactorTester(String testName, Duration timeout) {
    this.timeout = timeout;
    // Braid's selector reactor, which is lendable.
    this.reactor = (LendableReactor) Reactors.create(Duration.ofSeconds(5));
    this.handOff = new HandOff(reactor, Thread.currentThread());
    reactor.callWhenRunning(handOff::toBody);
    this.loopThread =
        Thread.ofPlatform()
            .name("braid-reactor[" + testName + "]")
            .daemon(true)
            .start(
                () -> {
                  try {
                    reactor.run();
                  } catch (Throwable e) {
                    synchronized (loopFailure) {
                      loopFailure.add(e);
                    }
                  }
                });
    handOff.awaitTurn();
  }

  @Override
  public Reactor reactor() {
    return reactor;
  }

  @Override
  public <T> T await(Deferred<T> deferred) {
    Outcome<T> outcome = run(deferred);
    return switch (outcome) {
      case Outcome.Success<T>(var value) -> value;
      case Outcome.Failure<T>(var error) -> throw sneaky(error);
    };
  }

  @Override
  public Throwable awaitFailure(Deferred<?> deferred) {
    Outcome<?> outcome = run(deferred);
    if (outcome instanceof Outcome.Failure<?>(var error)) {
      return error;
    }
    throw new AssertionError(
        "expected the Deferred to fail, but it succeeded with "
            + ((Outcome.Success<?>) outcome).value());
  }

  private <T> Outcome<T> run(Deferred<T> deferred) {
    if (!handOff.bodyHolds()) {
      throw new IllegalStateException("await called off the test's thread");
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Outcome<T>[] result = new Outcome[1];
    boolean[] waiting = {false};
    boolean[] timedOut = {false};
    deferred.addBoth(
        outcome -> {
          result[0] = outcome;
          if (waiting[0]) {
            waiting[0] = false;
            handOff.toBody();
          }
          return null;
        });
    if (result[0] != null) {
      return result[0];
    }
    DelayedCall timer =
        reactor.callLater(
            timeout,
            () -> {
              if (waiting[0]) {
                waiting[0] = false;
                timedOut[0] = true;
                handOff.toBody();
              }
            });
    waiting[0] = true;
    handOff.toReactor(true);
    if (timedOut[0]) {
      throw new AssertionError(
          "the Deferred did not fire within "
              + timeout
              + " (set @BraidTest(timeoutSeconds) or @AwaitTimeout): "
              + deferred);
    }
    if (timer.active()) {
      timer.cancel();
    }
    return result[0];
  }

  /** Lets the loop run one turn (I/O and due timers), then takes the reactor back. */
  private void spin() {
    reactor.callLater(Duration.ZERO, handOff::toBody);
    handOff.toReactor(true);
  }

  /**
   * After the test: lets the loop settle for a couple of turns, then reports what the test left
   * behind (and cleans it up), and stops the reactor. Returns the problems found.
   */
  public List<String> finish() {
    List<String> problems = new ArrayList<>();
    if (handOff.bodyHolds()) {
      spin();
      spin();
      List<DelayedCall> calls = reactor.pendingCalls();
      if (!calls.isEmpty()) {
        problems.add("pending delayed calls: " + calls);
        for (DelayedCall call : calls) {
          call.cancel();
        }
      }
      List<ListeningPort> ports = reactor.listeningPorts();
      if (!ports.isEmpty()) {
        problems.add("listening ports left open: " + ports);
        for (ListeningPort port : ports) {
          port.stopListening();
        }
      }
      List<Object> open = reactor.openChannels();
      if (!open.isEmpty()) {
        problems.add("connections left open: " + open);
      }
      reactor.stop();
      handOff.toReactor(false);
    }
    try {
      loopThread.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (loopThread.isAlive()) {
      problems.add("the reactor did not stop within 30 s");
    }
    synchronized (loopFailure) {
      for (Throwable e : loopFailure) {
        problems.add("the reactor loop failed: " + e);
      }
    }
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
