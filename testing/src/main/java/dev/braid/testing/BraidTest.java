package dev.braid.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class under Braid's JUnit 5 extension ({@link BraidExtension}), Twisted trial's rules
 * for Java: every test in the project carries it.
 *
 * <ul>
 *   <li>A test that declares a {@link ReactorTester} (or {@code Reactor}) parameter gets a running
 *       reactor; {@link ReactorTester#await} waits for a Deferred (default at most 10 s, see {@link
 *       #timeoutSeconds()} and {@link AwaitTimeout}).
 *   <li>After each test, the test fails when it left delayed calls, listening ports or open
 *       connections on that reactor, when a Deferred holding an error was garbage-collected
 *       unhandled, or when an error was logged that the test did not {@link LoggedErrors#flush
 *       flush}.
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(BraidExtension.class)
public @interface BraidTest {
  /** How long {@link ReactorTester#await} waits by default, in seconds. */
  long timeoutSeconds() default 10;
}
