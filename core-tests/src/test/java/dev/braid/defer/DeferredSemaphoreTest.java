package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

@BraidTest
class DeferredSemaphoreTest {
  @Test
  void semaphoreNeedsAtLeastOneToken() {
    assertThatThrownBy(() -> new DeferredSemaphore(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acquiresUpToTheLimitFireAtOnceAndTheNextWaits() {
    DeferredSemaphore semaphore = new DeferredSemaphore(2);
    assertThat(semaphore.limit()).isEqualTo(2);
    assertThat(valueOf(semaphore.acquire())).isSameAs(semaphore);
    assertThat(valueOf(semaphore.acquire())).isSameAs(semaphore);
    assertThat(semaphore.tokens()).isZero();
    Deferred<DeferredSemaphore> third = semaphore.acquire();
    assertNoResult(third);

    semaphore.release();

    assertThat(valueOf(third)).isSameAs(semaphore);
    assertThat(semaphore.tokens()).isZero();
  }

  @Test
  void waitersGetTokensInTheOrderTheyAsked() {
    DeferredSemaphore semaphore = new DeferredSemaphore(1);
    semaphore.acquire();
    List<String> order = new ArrayList<>();
    for (String name : List.of("a", "b", "c")) {
      semaphore.acquire().addListener(s -> order.add(name));
    }
    semaphore.release();
    semaphore.release();
    assertThat(order).containsExactly("a", "b");
  }

  @Test
  void releasingMoreThanWasAcquiredThrows() {
    DeferredSemaphore semaphore = new DeferredSemaphore(2);
    semaphore.acquire();
    semaphore.release();
    assertThatThrownBy(semaphore::release).isInstanceOf(IllegalStateException.class);
    assertThat(semaphore.tokens()).isEqualTo(2);
  }

  @Test
  void cancellingAWaitingAcquireTakesItOutOfTheQueue() {
    DeferredSemaphore semaphore = new DeferredSemaphore(1);
    semaphore.acquire();
    Deferred<DeferredSemaphore> cancelled = semaphore.acquire();
    Deferred<DeferredSemaphore> next = semaphore.acquire();
    cancelled.cancel();
    assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);
    semaphore.release();
    assertThat(valueOf(next)).isSameAs(semaphore);
  }

  @Test
  void runLimitsHowManyActionsAreInFlight() {
    DeferredSemaphore semaphore = new DeferredSemaphore(2);
    List<Deferred<String>> work = new ArrayList<>();
    List<Deferred<String>> results = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      results.add(
          semaphore.run(
              () -> {
                Deferred<String> d = new Deferred<>();
                work.add(d);
                return d;
              }));
    }
    assertThat(work).hasSize(2);

    work.get(0).callback("first");
    assertThat(work).hasSize(3);
    work.get(1).errback(new Boom("second"));
    assertThat(work).hasSize(4);
    work.get(2).callback("third");
    work.get(3).callback("fourth");

    assertThat(valueOf(results.get(0))).isEqualTo("first");
    assertThat(failureOf(results.get(1))).isInstanceOf(Boom.class);
    assertThat(semaphore.tokens()).isEqualTo(2);
  }

  @Test
  void runReleasesTheTokenWhenTheActionThrows() {
    DeferredSemaphore semaphore = new DeferredSemaphore(1);
    Deferred<String> result =
        semaphore.run(
            () -> {
              throw new Boom("x");
            });
    assertThat(failureOf(result)).isInstanceOf(Boom.class);
    assertThat(semaphore.tokens()).isEqualTo(1);
  }
}
