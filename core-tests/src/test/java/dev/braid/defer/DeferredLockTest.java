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
class DeferredLockTest {
  @Test
  void acquiringAFreeLockFiresAtOnceWithTheLock() {
    DeferredLock lock = new DeferredLock();
    assertThat(lock.locked()).isFalse();
    assertThat(valueOf(lock.acquire())).isSameAs(lock);
    assertThat(lock.locked()).isTrue();
  }

  @Test
  void acquireWaitsUntilTheHolderReleases() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    Deferred<DeferredLock> second = lock.acquire();
    assertNoResult(second);
    lock.release();
    assertThat(valueOf(second)).isSameAs(lock);
    assertThat(lock.locked()).isTrue();
  }

  @Test
  void waitersGetTheLockInTheOrderTheyAsked() {
    DeferredLock lock = new DeferredLock();
    List<String> order = new ArrayList<>();
    lock.acquire();
    for (String name : List.of("a", "b", "c")) {
      lock.acquire().addListener(l -> order.add(name));
    }
    lock.release();
    assertThat(order).containsExactly("a");
    lock.release();
    lock.release();
    assertThat(order).containsExactly("a", "b", "c");
    lock.release();
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void releasingAnUnlockedLockThrows() {
    DeferredLock lock = new DeferredLock();
    assertThatThrownBy(lock::release).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void cancellingAWaitingAcquireTakesItOutOfTheQueue() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    Deferred<DeferredLock> cancelled = lock.acquire();
    Deferred<DeferredLock> next = lock.acquire();

    cancelled.cancel();
    assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);
    lock.release();

    assertThat(valueOf(next)).isSameAs(lock);
  }

  @Test
  void acquireMadeWhileWaitersAreBeingServedQueuesBehindThem() {
    DeferredLock lock = new DeferredLock();
    List<String> order = new ArrayList<>();
    lock.acquire();
    lock.acquire()
        .addListener(
            l -> {
              order.add("first waiter");
              l.acquire().addListener(again -> order.add("first waiter again"));
              l.release();
            });
    lock.acquire()
        .addListener(
            l -> {
              order.add("second waiter");
              l.release();
            });
    lock.release();
    assertThat(order).containsExactly("first waiter", "second waiter", "first waiter again");
  }

  @Test
  void runCallsTheActionWithTheLockHeldAndReleasesItAfterItsValue() {
    DeferredLock lock = new DeferredLock();
    Deferred<String> work = new Deferred<>();
    List<Boolean> lockedDuringAction = new ArrayList<>();
    Deferred<String> result =
        lock.run(
            () -> {
              lockedDuringAction.add(lock.locked());
              return work;
            });
    assertThat(lockedDuringAction).containsExactly(true);
    assertThat(lock.locked()).isTrue();

    work.callback("done");

    assertThat(valueOf(result)).isEqualTo("done");
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void runReleasesTheLockWhenTheActionsDeferredFails() {
    DeferredLock lock = new DeferredLock();
    Boom boom = new Boom("x");
    Deferred<String> result = lock.run(() -> Deferred.fail(boom));
    assertThat(failureOf(result)).isSameAs(boom);
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void runReleasesTheLockWhenTheActionThrows() {
    DeferredLock lock = new DeferredLock();
    Boom boom = new Boom("x");
    Deferred<String> result =
        lock.run(
            () -> {
              throw boom;
            });
    assertThat(failureOf(result)).isSameAs(boom);
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void runReleasesTheLockWhenTheActionReturnsNull() {
    DeferredLock lock = new DeferredLock();
    Deferred<String> result = lock.run(() -> null);
    assertThat(failureOf(result)).isInstanceOf(NullPointerException.class);
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void runWaitsForTheLockBeforeCallingTheAction() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    List<String> calls = new ArrayList<>();
    Deferred<String> result =
        lock.run(
            () -> {
              calls.add("action");
              return Deferred.succeed("v");
            });
    assertThat(calls).isEmpty();
    lock.release();
    assertThat(calls).containsExactly("action");
    assertThat(valueOf(result)).isEqualTo("v");
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void cancellingARunThatWaitsForTheLockNeverCallsTheAction() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    List<String> calls = new ArrayList<>();
    Deferred<String> result =
        lock.run(
            () -> {
              calls.add("action");
              return Deferred.succeed("v");
            });
    result.cancel();
    lock.release();
    assertThat(calls).isEmpty();
    assertThat(failureOf(result)).isInstanceOf(CancellationException.class);
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void cancellingARunningRunCancelsTheActionsDeferredAndReleasesTheLock() {
    DeferredLock lock = new DeferredLock();
    List<String> cancelled = new ArrayList<>();
    Deferred<String> result = lock.run(() -> new Deferred<String>(self -> cancelled.add("action")));
    result.cancel();
    assertThat(cancelled).containsExactly("action");
    assertThat(failureOf(result)).isInstanceOf(CancellationException.class);
    assertThat(lock.locked()).isFalse();
  }

  @Test
  void manyWaitersThatReleaseAtOnceAreServedWithoutStackOverflow() {
    DeferredLock lock = new DeferredLock();
    lock.acquire();
    int n = 100_000;
    int[] ran = {0};
    List<Deferred<Integer>> results = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int index = i;
      results.add(
          lock.run(
              () -> {
                ran[0]++;
                return Deferred.succeed(index);
              }));
    }
    lock.release();
    assertThat(ran[0]).isEqualTo(n);
    assertThat(valueOf(results.getLast())).isEqualTo(n - 1);
    assertThat(lock.locked()).isFalse();
  }
}
