package dev.braid.testing;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

@BraidTest
class DeferredAssertionsTest {
  /** Values and errors the chain carries after the point under test. */
  private final List<Object> downstream = new ArrayList<>();

  private void watch(Deferred<?> d) {
    d.addCallbacks(
        value -> {
          downstream.add("value:" + value);
          return null;
        },
        error -> {
          downstream.add("error:" + error.getMessage());
          return null;
        });
  }

  @Test
  void successResultOfReturnsTheValueAndLeavesItInTheChain() {
    Deferred<String> d = Deferred.succeed("hello");

    assertThat(successResultOf(d)).isEqualTo("hello");
    assertThat(successResultOf(d)).isEqualTo("hello");
    watch(d);

    assertThat(downstream).containsExactly("value:hello");
  }

  @Test
  void successResultOfFailsWhenTheDeferredHasNoResultYet() {
    Deferred<String> d = new Deferred<>();

    assertThatThrownBy(() -> successResultOf(d))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no result yet");
  }

  @Test
  void successResultOfFailsWhileTheChainWaitsOnAnInnerDeferred() {
    Deferred<String> inner = new Deferred<>();
    Deferred<String> outer = Deferred.succeed("x").addDeferredCallback(x -> inner);

    assertThatThrownBy(() -> successResultOf(outer))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no result yet");

    inner.callback("done");
    assertThat(successResultOf(outer)).isEqualTo("done");
  }

  @Test
  void successResultOfFailsWithTheErrorAsCauseAndConsumesIt() {
    IOException boom = new IOException("boom");
    Deferred<String> d = Deferred.fail(boom);

    assertThatThrownBy(() -> successResultOf(d))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed with java.io.IOException: boom")
        .hasCause(boom);
    watch(d);

    assertThat(downstream).containsExactly("value:null");
  }

  @Test
  void failureResultOfReturnsTheErrorAndConsumesIt() {
    IOException boom = new IOException("boom");
    Deferred<String> d = Deferred.fail(boom);

    Throwable error = failureResultOf(d);
    watch(d);

    assertThat(error).isSameAs(boom);
    assertThat(downstream).containsExactly("value:null");
  }

  @Test
  void failureResultOfWithOneTypeReturnsTheErrorAsThatType() {
    Deferred<Void> d = Deferred.fail(new TimeoutException("slow"));

    TimeoutException error = failureResultOf(d, TimeoutException.class);

    assertThat(error).hasMessage("slow");
  }

  @Test
  void failureResultOfAcceptsAnErrorOfAnyOfTheGivenTypesOrASubtype() {
    Deferred<Void> d = Deferred.fail(new java.net.ConnectException("refused"));

    Throwable error = failureResultOf(d, TimeoutException.class, IOException.class);

    assertThat(error).hasMessage("refused");
  }

  @Test
  void failureResultOfFailsForAnErrorOfAnotherTypeWithTheErrorAsCause() {
    IllegalStateException wrong = new IllegalStateException("wrong");
    Deferred<Void> d = Deferred.fail(wrong);

    assertThatThrownBy(() -> failureResultOf(d, IOException.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("java.io.IOException")
        .hasMessageContaining("IllegalStateException: wrong")
        .hasCause(wrong);
    assertThatThrownBy(() -> failureResultOf(Deferred.fail(wrong), IOException.class, Error.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("one of [java.io.IOException, java.lang.Error]");
  }

  @Test
  void failureResultOfFailsWhenTheDeferredSucceeded() {
    Deferred<Integer> d = Deferred.succeed(42);

    assertThatThrownBy(() -> failureResultOf(d))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("succeeded with the value 42");
    assertThat(successResultOf(d)).isEqualTo(42);
  }

  @Test
  void failureResultOfFailsWhenTheDeferredHasNoResultYet() {
    assertThatThrownBy(() -> failureResultOf(new Deferred<Void>(), IOException.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no result yet");
  }

  @Test
  void aResultThatArrivesAfterAReadFoundNonePassesThroughUnchanged() {
    Deferred<String> value = new Deferred<>();
    Deferred<String> error = new Deferred<>();
    assertNoResult(value);
    assertNoResult(error);
    IOException boom = new IOException("late");

    value.callback("late value");
    error.errback(boom);

    assertThat(successResultOf(value)).isEqualTo("late value");
    assertThat(failureResultOf(error)).isSameAs(boom);
  }

  @Test
  void assertNoResultFailsForADeferredWithAValue() {
    assertThatThrownBy(() -> assertNoResult(Deferred.succeed("there")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("has the value there");
  }

  @Test
  void assertNoResultFailsForAFailedDeferredWithTheErrorAsCauseAndConsumesIt() {
    IOException boom = new IOException("boom");
    Deferred<String> d = Deferred.fail(boom);

    assertThatThrownBy(() -> assertNoResult(d))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed with")
        .hasCause(boom);
    watch(d);

    assertThat(downstream).containsExactly("value:null");
  }
}
