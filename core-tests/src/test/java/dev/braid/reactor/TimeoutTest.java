package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.time.Timeout;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@BraidTest
class TimeoutTest {
  private final FakeClock clock = new FakeClock();
  private int fired;
  private final Timeout timeout = clock.timeout(() -> fired++);

  @Test
  void aTimerThatIsNeverResetFiresOnceAfterItsPeriod() {
    timeout.setTimeout(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(9));
    assertThat(fired).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(fired).isEqualTo(1);
    assertThat(timeout.pending()).isFalse();
    clock.advance(Duration.ofMinutes(5));
    assertThat(fired).isEqualTo(1);
  }

  @Test
  void resetRestartsThePeriodFromNow() {
    timeout.setTimeout(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(8));
    timeout.resetTimeout();
    clock.advance(Duration.ofSeconds(9));
    assertThat(fired).isZero();
    clock.advance(Duration.ofSeconds(1));
    assertThat(fired).isEqualTo(1);
  }

  @Test
  void setTimeoutAgainReplacesThePeriodWithoutASecondCall() {
    timeout.setTimeout(Duration.ofSeconds(10));
    timeout.setTimeout(Duration.ofSeconds(3));
    assertThat(clock.pendingCalls()).hasSize(1);
    assertThat(timeout.timeout()).hasValue(Duration.ofSeconds(3));
    clock.advance(Duration.ofSeconds(3));
    assertThat(fired).isEqualTo(1);
  }

  @Test
  void cancelDisarmsAndLeavesNoPendingCall() {
    timeout.setTimeout(Duration.ofSeconds(10));
    timeout.cancelTimeout();
    timeout.resetTimeout();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(timeout.timeout()).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(fired).isZero();
  }

  @Test
  void resetOnADisarmedTimerDoesNothing() {
    timeout.resetTimeout();
    assertThat(clock.pendingCalls()).isEmpty();
    assertThat(timeout.pending()).isFalse();
  }

  @Test
  void aTimeoutThatIsNotPositiveIsRejected() {
    assertThatThrownBy(() -> timeout.setTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
