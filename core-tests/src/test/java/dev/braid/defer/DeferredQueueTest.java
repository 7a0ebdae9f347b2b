package dev.braid.defer;

import static dev.braid.defer.DeferredResults.assertNoResult;
import static dev.braid.defer.DeferredResults.failureOf;
import static dev.braid.defer.DeferredResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

@BraidTest
class DeferredQueueTest {
  @Test
  void getOfAKeptValueFiresAtOnceInPutOrder() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 10);
    queue.put("a");
    queue.put("b");
    assertThat(queue.size()).isEqualTo(2);
    assertThat(valueOf(queue.get())).isEqualTo("a");
    assertThat(valueOf(queue.get())).isEqualTo("b");
    assertThat(queue.size()).isZero();
  }

  @Test
  void getOnAnEmptyQueueWaitsForTheNextPut() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 10);
    Deferred<String> get = queue.get();
    assertNoResult(get);
    queue.put("v");
    assertThat(valueOf(get)).isEqualTo("v");
    assertThat(queue.size()).isZero();
  }

  @Test
  void waitingGetsAreServedInTheOrderTheyAsked() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 10);
    Deferred<String> first = queue.get();
    Deferred<String> second = queue.get();
    queue.put("1");
    queue.put("2");
    assertThat(valueOf(first)).isEqualTo("1");
    assertThat(valueOf(second)).isEqualTo("2");
  }

  @Test
  void putOnAFullQueueThrowsQueueOverflow() {
    DeferredQueue<String> queue = new DeferredQueue<>(2, 10);
    queue.put("a");
    queue.put("b");
    assertThatThrownBy(() -> queue.put("c")).isInstanceOf(QueueOverflowException.class);
    assertThat(queue.size()).isEqualTo(2);
  }

  @Test
  void putOnAFullQueueStillServesAWaitingGet() {
    DeferredQueue<String> queue = new DeferredQueue<>(0, 1);
    Deferred<String> get = queue.get();
    queue.put("straight through");
    assertThat(valueOf(get)).isEqualTo("straight through");
    assertThatThrownBy(() -> queue.put("kept?")).isInstanceOf(QueueOverflowException.class);
  }

  @Test
  void getBeyondTheBacklogThrowsQueueUnderflow() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 1);
    queue.get();
    assertThatThrownBy(queue::get).isInstanceOf(QueueUnderflowException.class);
  }

  @Test
  void cancellingAWaitingGetTakesItOutOfTheLine() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 1);
    Deferred<String> cancelled = queue.get();
    cancelled.cancel();
    assertThat(failureOf(cancelled)).isInstanceOf(CancellationException.class);

    Deferred<String> next = queue.get(); // the backlog slot is free again
    queue.put("v");
    assertThat(valueOf(next)).isEqualTo("v");
  }

  @Test
  void valuePutAfterTheOnlyGetWasCancelledIsKept() {
    DeferredQueue<String> queue = new DeferredQueue<>(10, 10);
    Deferred<String> cancelled = queue.get();
    cancelled.cancel();
    failureOf(cancelled);
    queue.put("kept");
    assertThat(queue.size()).isEqualTo(1);
    assertThat(valueOf(queue.get())).isEqualTo("kept");
  }

  @Test
  void putOfNullIsRejected() {
    DeferredQueue<String> queue = new DeferredQueue<>();
    assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThatThrownBy(() -> new DeferredQueue<String>(-1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DeferredQueue<String>(0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unboundedQueueTakesManyValuesAndGets() {
    DeferredQueue<Integer> queue = new DeferredQueue<>();
    for (int i = 0; i < 1000; i++) {
      queue.put(i);
    }
    assertThat(queue.size()).isEqualTo(1000);
    for (int i = 0; i < 1000; i++) {
      assertThat(valueOf(queue.get())).isEqualTo(i);
    }
    for (int i = 0; i < 1000; i++) {
      queue.get();
    }
    queue.put(0);
    assertThat(queue.size()).isZero();
  }
}
