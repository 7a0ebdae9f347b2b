package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;

/**
 * A running reactor for one test, injected by {@link BraidTest} into a test method that declares a
 * parameter of this type.
 *
 * <p>The test body holds the reactor: while it runs, the reactor thread waits, so the body may call
 * the reactor, transports and protocols directly. {@link #await} hands the reactor back until a
 * Deferred fires, the way a Twisted trial test returns a Deferred (JUnit test methods must return
 * void, so the Deferred is handed to {@code await} instead).
 */
public interface ReactorTester {
  /** The reactor the test runs on. */
  Reactor reactor();

  /**
   * Lets the reactor run until {@code deferred} fires and returns its value, or throws its error as
   * is. Fails the test with an {@link AssertionError} if it has not fired within the test's timeout
   * ({@link BraidTest#timeoutSeconds()}, {@link AwaitTimeout}).
   */
  <T> T await(Deferred<T> deferred);

  /**
   * Lets the reactor run until {@code deferred} fires, expecting an error: returns the error, or
   * fails the test if the Deferred succeeded or timed out.
   */
  Throwable awaitFailure(Deferred<?> deferred);
}
