package dev.braid.defer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Deferred garbage-collected while its chain ends in an error is logged; one whose error was
 * handled or moved on is not. Each scenario runs in a helper method, so that no reference to its
 * Deferreds is left in the test's frame when it collects.
 */
@BraidTest
class DeferredUnhandledErrorTest {
  @Test
  void failedDeferredCollectedUnhandledIsLoggedWithItsError() {
    Boom boom = new Boom("nobody handled me");
    leaveFailed(boom);

    UnhandledErrors.collectNow();

    List<LoggedErrors.Entry> logged = LoggedErrors.flush(Boom.class);
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst().logger()).isEqualTo("dev.braid.defer.Deferred");
    assertThat(logged.getFirst().message()).startsWith("Unhandled error in Deferred");
    assertThat(logged.getFirst().error()).containsSame(boom);
  }

  private static void leaveFailed(Boom boom) {
    Deferred<String> d = new Deferred<>();
    d.addCallback(v -> v + "!");
    d.errback(boom);
  }

  @Test
  void errorThrownByACallbackAndLeftUnhandledIsLogged() {
    leaveCallbackThrowing();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).hasSize(1);
  }

  private static void leaveCallbackThrowing() {
    Deferred.succeed("v")
        .addCallback(
            v -> {
              throw new Boom("from a callback");
            });
  }

  @Test
  void handledErrorIsNotLogged() {
    leaveHandled();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static void leaveHandled() {
    Deferred<String> d = new Deferred<>();
    d.addErrback(e -> "handled");
    d.errback(new Boom("handled"));
  }

  @Test
  void errorHandledByAnErrbackAddedAfterItArrivedIsNotLogged() {
    leaveHandledLate();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static void leaveHandledLate() {
    Deferred<String> d = Deferred.fail(new Boom("handled late"));
    d.addErrback(e -> "handled");
  }

  @Test
  void successfulDeferredIsNotLogged() {
    leaveSucceeded();
    assertThat(UnhandledErrors.collectNow()).isZero();
  }

  private static void leaveSucceeded() {
    Deferred.succeed("fine").addCallback(v -> v + "!");
  }

  @Test
  void errorReplacedByAnotherIsLoggedOnlyAsTheNewError() {
    leaveReplaced();
    UnhandledErrors.collectNow();
    List<LoggedErrors.Entry> logged = LoggedErrors.flush(Boom.class);
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst().error().orElseThrow()).hasMessage("replacement");
  }

  private static void leaveReplaced() {
    Deferred.<String>fail(new Boom("original"))
        .addErrback(
            e -> {
              throw new Boom("replacement");
            });
  }

  @Test
  void errorPassedToAnOuterDeferredThatHandlesItIsNotLogged() {
    leavePassedOutAndHandled();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static void leavePassedOutAndHandled() {
    Deferred<String> innerLater = new Deferred<>();
    Deferred.succeed("x").addDeferredCallback(v -> innerLater).addErrback(e -> "handled outside");
    innerLater.errback(new Boom("inner fails later"));

    Deferred.succeed("y")
        .addDeferredCallback(v -> Deferred.<String>fail(new Boom("inner failed already")))
        .addErrback(e -> "handled outside");
  }

  @Test
  void errorPassedToAnOuterDeferredThatDropsItIsLoggedOnce() {
    Boom boom = new Boom("inner");
    leavePassedOut(boom);
    UnhandledErrors.collectNow();
    List<LoggedErrors.Entry> logged = LoggedErrors.flush(Boom.class);
    assertThat(logged).hasSize(1);
    assertThat(logged.getFirst().error()).containsSame(boom);
  }

  private static void leavePassedOut(Boom boom) {
    Deferred<String> inner = Deferred.fail(boom);
    Deferred.succeed("x").addDeferredCallback(v -> inner);
  }

  @Test
  void errorChainedToAnotherDeferredThatHandlesItIsNotLogged() {
    leaveChainedAndHandled();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static void leaveChainedAndHandled() {
    Deferred<String> other = new Deferred<>();
    other.addErrback(e -> "handled by the chained Deferred");
    Deferred.<String>fail(new Boom("chained")).chain(other);
  }

  @Test
  void cancelledDeferredLeftUnhandledIsLogged() {
    leaveCancelled();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(java.util.concurrent.CancellationException.class)).hasSize(1);
  }

  private static void leaveCancelled() {
    new Deferred<String>().cancel();
  }
}
