package dev.braid.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@BraidTest
class TurnTimeTest {
  @Test
  void turnTimeIsOneReadingPerTurnAndFreshAfterTheLoopWaited(ReactorTester t) {
    Reactor reactor = t.reactor();
    long[] seen = new long[4];
    Deferred<Void> done = new Deferred<>();
    reactor.callFromThread(
        () -> {
          seen[0] = reactor.turnNanoTime();
          seen[1] = reactor.nanoTime();
          seen[2] = reactor.turnNanoTime();
          reactor.callLater(
              Duration.ofMillis(5),
              () -> {
                seen[3] = reactor.turnNanoTime();
                done.callback(null);
              });
        });
    t.await(done);
    assertThat(seen[2]).as("the same reading within a turn").isEqualTo(seen[0]);
    assertThat(seen[1]).as("the clock itself").isGreaterThanOrEqualTo(seen[0]);
    assertThat(seen[3] - seen[0])
        .as("read again after the loop waited for the timer")
        .isGreaterThanOrEqualTo(Duration.ofMillis(5).toNanos());
  }

  @Test
  void aFakeClocksTurnTimeIsItsTime() {
    FakeClock clock = new FakeClock();
    clock.advance(Duration.ofSeconds(3));
    assertThat(clock.turnNanoTime()).isEqualTo(clock.nanoTime());
  }
}
