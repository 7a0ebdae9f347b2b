package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.nio.file.Path;
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

  @Test
  void anExitWithTheOutputStillHeldTermsTheGroupThenKillsItAndClosesTheOutput() {
    var process = process();
    boolean[] hooked = {false};
    stopper.exited(process, () -> hooked[0] = true);
    assertThat(process.signals).containsExactly("TERM");
    Deferred<Void> stopped = stopper.stop(process, () -> {});
    assertThat(process.signals).as("a stop while the group is being stopped waits").hasSize(1);
    clock.advance(Duration.ofSeconds(5));
    assertThat(process.signals).containsExactly("TERM", "KILL");
    assertThat(hooked[0]).isTrue();
    assertThat(process.outputClosed).isTrue();
    process.end(new ExitStatus.Exited(1));
    assertThat(stopped.called()).isTrue();
  }

  @Test
  void anExitWhoseGroupIsGoneAndWhoseOutputEndsWithItGetsNoKill() {
    ProcessTransport[] self = new ProcessTransport[1];
    var process =
        new ProcessMonitorTest.FakeProcess(
            new ProcessProtocol() {
              @Override
              public void processExited(ExitStatus status) {
                stopper.exited(self[0], () -> {});
              }

              @Override
              public void processEnded(ExitStatus status) {
                stopper.ended();
              }
            },
            List.of("true"),
            43);
    self[0] = process;
    process.end(new ExitStatus.Exited(0));
    clock.advance(Duration.ofSeconds(10));
    assertThat(process.signals).isEmpty();
    assertThat(process.outputClosed).isFalse();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  /** Stopping a real shell that started a background sleep: both go, long before the KILL. */
  @Test
  void stopEndsARealChildAndWhatItStartedInTheBackground(ReactorTester t) throws IOException {
    ProcessStopper real = new ProcessStopper(t.reactor(), Duration.ofSeconds(60));
    try (var leftovers = new ProcessGroupProbe.Leftovers()) {
      var watcher =
          new ProcessGroupProbe.Watcher(
              new ProcessProtocol() {
                @Override
                public void processExited(ExitStatus status) {
                  real.exited();
                }

                @Override
                public void processEnded(ExitStatus status) {
                  real.ended();
                }
              });
      ProcessTransport child =
          Processes.spawn(
              t.reactor(),
              watcher,
              List.of("/bin/sh", "-c", "sleep 1000 & echo $$ $!; exec sleep 1000"),
              System.getenv(),
              Path.of("").toAbsolutePath());
      String pids = t.await(watcher.firstLine);
      leftovers.addAll(pids);

      t.await(real.stop(child, () -> {}));
      for (String pid : pids.split(" ")) {
        t.await(ProcessGroupProbe.whenGone(t.reactor(), Long.parseLong(pid)));
      }
    }
  }
}
