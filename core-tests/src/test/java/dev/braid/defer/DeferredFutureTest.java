package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.internal.UnhandledErrors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * toCompletableFuture and fromFuture. Cross-thread tests use a "reactor" that is a queue of tasks
 * the test thread drains itself: after the completing thread is joined, the hand-off is already
 * queued, so the test needs neither sleeps nor latches.
 */
@BraidTest
class DeferredFutureTest {
  private static final Executor DIRECT = Runnable::run;

  /** An executor that queues tasks for the test thread to run, as a reactor would. */
  private static final class QueueReactor implements Executor {
    final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    int drain() {
      int ran = 0;
      for (Runnable task; (task = tasks.poll()) != null; ran++) {
        task.run();
      }
      return ran;
    }
  }

  // ---------------------------------------------------------------- toCompletableFuture

  @Test
  void futureCompletesWithTheValueWhenTheDeferredFires() {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> future = d.toCompletableFuture();
    assertThat(future).isNotDone();
    d.callback("v");
    assertThat(future).isCompletedWithValue("v");
  }

  @Test
  void futureOfAFiredDeferredIsAlreadyComplete() {
    assertThat(Deferred.succeed("v").toCompletableFuture()).isCompletedWithValue("v");
  }

  @Test
  void futureGetsTheResultAtThatPointOfTheChainAndTheChainGoesOnWithNull() {
    Deferred<Integer> d = new Deferred<>();
    CompletableFuture<Integer> future = d.addCallback(v -> v + 1).toCompletableFuture();
    d.callback(1);
    assertThat(future).isCompletedWithValue(2);
    assertThat(valueOf(d)).isNull();
  }

  @Test
  void futureCompletesExceptionallyWithTheDeferredsError() {
    Boom boom = new Boom("x");
    CompletableFuture<String> future = Deferred.<String>fail(boom).toCompletableFuture();
    assertThat(future).isCompletedExceptionally();
    assertThat(future.exceptionNow()).isSameAs(boom);
  }

  @Test
  void errorHandedToAFutureIsNotLoggedAsUnhandled() {
    handOverAnError();
    UnhandledErrors.collectNow();
    assertThat(LoggedErrors.flush(Boom.class)).isEmpty();
  }

  private static void handOverAnError() {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> future = d.toCompletableFuture();
    d.errback(new Boom("taken by the future"));
    assertThat(future).isCompletedExceptionally();
  }

  @Test
  void cancellingTheFutureCancelsTheDeferred() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> d = new Deferred<>(self -> cancelled.add("deferred"));
    CompletableFuture<String> future = d.toCompletableFuture();

    assertThat(future.cancel(false)).isTrue();

    assertThat(cancelled).containsExactly("deferred");
    assertThat(future).isCancelled();
    assertThat(d.called()).isTrue();
  }

  @Test
  void cancellingTheFutureOfAPausedChainCancelsTheInnerDeferred() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> inner = new Deferred<>(self -> cancelled.add("inner"));
    CompletableFuture<String> future =
        Deferred.succeed("x").<String>addDeferredCallback(v -> inner).toCompletableFuture();
    future.cancel(false);
    assertThat(cancelled).containsExactly("inner");
  }

  @Test
  void cancellingACompletedFutureDoesNotTouchTheDeferred() {
    List<String> cancelled = new ArrayList<>();
    Deferred<String> d = new Deferred<>(self -> cancelled.add("deferred"));
    CompletableFuture<String> future = d.toCompletableFuture();
    d.callback("v");
    assertThat(future.cancel(false)).isFalse();
    assertThat(cancelled).isEmpty();
  }

  @Test
  void anotherThreadCanWaitOnTheFuture() throws Exception {
    Deferred<String> d = new Deferred<>();
    CompletableFuture<String> future = d.toCompletableFuture();
    List<String> seen = new ArrayList<>();
    Thread waiter = Thread.ofPlatform().start(() -> seen.add(future.join()));
    d.callback("for the other thread");
    waiter.join();
    assertThat(seen).containsExactly("for the other thread");
  }

  // ---------------------------------------------------------------- fromFuture

  @Test
  void deferredFromACompletedFutureFiresAtOnceWithADirectExecutor() {
    Deferred<String> d = Deferred.fromFuture(CompletableFuture.completedFuture("v"), DIRECT);
    assertThat(valueOf(d)).isEqualTo("v");
  }

  @Test
  void deferredFiresWhenTheFutureCompletesLater() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(future, DIRECT);
    assertNoResult(d);
    future.complete("later");
    assertThat(valueOf(d)).isEqualTo("later");
  }

  @Test
  void deferredFailsWithTheFuturesError() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(future, DIRECT);
    Boom boom = new Boom("x");
    future.completeExceptionally(boom);
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void completionExceptionOfADependentStageIsUnwrapped() {
    CompletableFuture<String> source = new CompletableFuture<>();
    Boom boom = new Boom("x");
    Deferred<String> d =
        Deferred.fromFuture(
            source.thenApply(
                v -> {
                  throw boom;
                }),
            DIRECT);
    source.complete("v");
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void cancellingTheDeferredCancelsTheFuture() {
    CompletableFuture<String> future = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(future, DIRECT);
    d.cancel();
    assertThat(future).isCancelled();
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void resultFromAnotherThreadIsDeliveredOnTheReactorThread() throws Exception {
    QueueReactor reactor = new QueueReactor();
    CompletableFuture<Integer> future = new CompletableFuture<>();
    Deferred<Integer> d = Deferred.fromFuture(future, reactor);
    List<Thread> callbackThreads = new ArrayList<>();
    d.addListener(v -> callbackThreads.add(Thread.currentThread()));

    Thread worker = Thread.ofPlatform().start(() -> future.complete(42));
    worker.join();

    assertThat(future).isCompletedWithValue(42);
    assertThat(d.called()).isFalse(); // nothing reaches the Deferred off the reactor thread
    assertThat(reactor.drain()).isEqualTo(1);
    assertThat(valueOf(d)).isEqualTo(42);
    assertThat(callbackThreads).containsExactly(Thread.currentThread());
  }

  @Test
  void errorFromAnotherThreadIsDeliveredOnTheReactorThread() throws Exception {
    QueueReactor reactor = new QueueReactor();
    CompletableFuture<Integer> future = new CompletableFuture<>();
    Deferred<Integer> d = Deferred.fromFuture(future, reactor);
    Boom boom = new Boom("worker failed");

    Thread worker = Thread.ofPlatform().start(() -> future.completeExceptionally(boom));
    worker.join();

    assertThat(d.called()).isFalse();
    reactor.drain();
    assertThat(failureOf(d)).isSameAs(boom);
  }

  @Test
  void resultQueuedForTheReactorWhenTheDeferredIsCancelledIsIgnored() throws Exception {
    QueueReactor reactor = new QueueReactor();
    CompletableFuture<Integer> future = new CompletableFuture<>();
    Deferred<Integer> d = Deferred.fromFuture(future, reactor);
    Thread worker = Thread.ofPlatform().start(() -> future.complete(42));
    worker.join();

    d.cancel(); // too late for the future, which already completed
    reactor.drain(); // the queued value must not fail loudly with AlreadyCalledException

    assertThat(future).isCompletedWithValue(42);
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
  }

  @Test
  void cancellingBeforeCompletionCancelsTheFutureAndIgnoresItsQueuedCancellation() {
    QueueReactor reactor = new QueueReactor();
    CompletableFuture<Integer> future = new CompletableFuture<>();
    Deferred<Integer> d = Deferred.fromFuture(future, reactor);

    d.cancel();

    assertThat(future).isCancelled();
    assertThat(failureOf(d)).isInstanceOf(CancellationException.class);
    assertThat(reactor.drain()).isEqualTo(1);
  }

  @Test
  void resultTheReactorRefusesIsLoggedAndDropped() {
    Executor stopped =
        task -> {
          throw new RejectedExecutionException("reactor stopped");
        };
    CompletableFuture<String> future = new CompletableFuture<>();
    Deferred<String> d = Deferred.fromFuture(future, stopped);
    future.complete("v");
    assertThat(d.called()).isFalse();
    assertThat(LoggedErrors.flush(RejectedExecutionException.class)).hasSize(1);
  }
}
