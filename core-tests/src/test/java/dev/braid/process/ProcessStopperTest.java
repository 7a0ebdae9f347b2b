package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@BraidTest
class ProcessStopperTest {
  private final FakeClock clock = new FakeClock();
  private final ProcessStopper stopper = new ProcessStopper(clock, Duration.ofSeconds(5));

  /** A fake process whose end the stopper is told about, as its protocol would. */
  private ProcessMonitorTest.FakeProcess process() {
    ProcessProtocol protocol =
        new ProcessProtocol() {
          @Override
          public void processExited(ExitStatus status) {
            stopper.exited();
          }

          @Override
          public void processEnded(ExitStatus status) {
            stopper.ended();
          }
        };
    return new ProcessMonitorTest.FakeProcess(protocol, List.of("sleep", "60"), 42);
  }

  @Test
  void aProcessThatEndsOnTermIsNeverKilledAndEveryStopFires() {
    var process = process();
    int[] killHooks = {0};
    Deferred<Void> first = stopper.stop(process, () -> killHooks[0]++);
    Deferred<Void> second = stopper.stop(process, () -> killHooks[0]++);
    assertThat(process.signals).containsExactly("TERM");
    process.end(new ExitStatus.Signaled(15));
    assertThat(first.called()).isTrue();
    assertThat(second.called()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(process.signals).containsExactly("TERM");
    assertThat(killHooks[0]).isZero();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aProcessThatIgnoresTermIsKilledAfterTheKillTime() {
    var process = process();
    boolean[] hooked = {false};
    Deferred<Void> stopped = stopper.stop(process, () -> hooked[0] = true);
    clock.advance(Duration.ofMillis(4_999));
    assertThat(process.signals).containsExactly("TERM");
    clock.advance(Duration.ofMillis(1));
    assertThat(process.signals).containsExactly("TERM", "KILL");
    assertThat(hooked[0]).isTrue();
    assertThat(stopped.called()).isFalse();
    process.end(new ExitStatus.Signaled(9));
    assertThat(stopped.called()).isTrue();
  }

  @Test
  void aProcessAlreadyExitedGetsNoSignalAndTheStopFiresWhenItEnds() {
    var process = process();
    stopper.exited();
    Deferred<Void> stopped = stopper.stop(process, () -> {});
    assertThat(process.signals).isEmpty();
    stopper.ended();
    assertThat(stopped.called()).isTrue();
    stopper.started();
    assertThat(stopper.hasExited()).isFalse();
  }
}
