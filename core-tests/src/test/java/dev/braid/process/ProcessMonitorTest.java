package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.defer.Deferred;
import dev.braid.net.PushProducer;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ReactorTester;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process monitor: restarts with backoff, TERM then KILL, on a fake clock and for real. */
@BraidTest
class ProcessMonitorTest {

  /** A spawner that records each start and hands out fake processes the test ends by hand. */
  static final class FakeSpawner implements ProcessMonitor.Spawner {
    final List<FakeProcess> spawned = new ArrayList<>();
    boolean fail;

    @Override
    public ProcessTransport spawn(
        ProcessProtocol protocol, List<String> argv, Map<String, String> env, Path dir)
        throws IOException {
      if (fail) {
        throw new IOException("no such program: " + argv.get(0));
      }
      FakeProcess process = new FakeProcess(protocol, argv, spawned.size() + 100);
      spawned.add(process);
      protocol.connectionMade(process);
      return process;
    }

    FakeProcess last() {
      return spawned.getLast();
    }
  }

  /** A child process that exists only in the test: it records signals and ends when told. */
  static final class FakeProcess implements ProcessTransport {
    final ProcessProtocol protocol;
    final List<String> argv;
    final long pid;
    final List<String> signals = new ArrayList<>();
    boolean ended;
    boolean outputClosed;

    FakeProcess(ProcessProtocol protocol, List<String> argv, long pid) {
      this.protocol = protocol;
      this.argv = argv;
      this.pid = pid;
    }

    void end(ExitStatus status) {
      ended = true;
      protocol.processExited(status);
      protocol.processEnded(status);
    }

    @Override
    public void write(ByteBuffer data) {}

    @Override
    public void closeStdin() {}

    @Override
    public long bufferedBytes() {
      return 0;
    }

    @Override
    public void setWriteBufferWaterMarks(int low, int high) {}

    @Override
    public void registerProducer(PushProducer producer) {}

    @Override
    public void unregisterProducer() {}

    @Override
    public void signalProcess(String signal) {
      if (ended) {
        throw new IllegalStateException("ended");
      }
      signals.add(signal);
    }

    @Override
    public void signalProcessGroup(String signal) {
      signalProcess(signal);
    }

    @Override
    public void closeOutput() {
      outputClosed = true;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public void pauseProducing() {}

    @Override
    public void resumeProducing() {}
  }

  private final FakeClock clock = new FakeClock();
  private final FakeSpawner spawner = new FakeSpawner();

  private ProcessMonitor monitor() {
    return ProcessMonitor.builder(clock, spawner).build("procmon");
  }

  @Test
  void startingTheMonitorStartsEveryProcessAndAddingOneWhileRunningStartsIt() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("a", List.of("/bin/a"));
    monitor.addProcess("b", List.of("/bin/b", "-x"));
    assertThat(spawner.spawned).isEmpty();
    assertThat(monitor.startService().called()).isTrue();
    assertThat(spawner.spawned).extracting(p -> p.argv.get(0)).containsExactly("/bin/a", "/bin/b");
    monitor.addProcess("c", List.of("/bin/c"));
    assertThat(spawner.spawned).hasSize(3);
    assertThat(monitor.processes()).containsExactly("a", "b", "c");
    assertThat(monitor.pid("c")).contains(102L);
    assertThatThrownBy(() -> monitor.addProcess("a", List.of("/bin/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already monitored");
    stopAll(monitor);
  }

  @Test
  void aProcessThatDiesQuicklyIsRestartedAfterADelayThatDoublesUpToTheMaximum() {
    ProcessMonitor monitor =
        ProcessMonitor.builder(clock, spawner)
            .minRestartDelay(Duration.ofSeconds(1))
            .maxRestartDelay(Duration.ofSeconds(5))
            .build("procmon");
    monitor.addProcess("flaky", List.of("/bin/flaky"));
    monitor.startService();
    long[] expectedWaits = {1000, 2000, 4000, 5000, 5000};
    for (long wait : expectedWaits) {
      int before = spawner.spawned.size();
      spawner.last().end(new ExitStatus.Exited(1));
      clock.advance(Duration.ofMillis(wait - 1));
      assertThat(spawner.spawned).as("not restarted before %d ms", wait).hasSize(before);
      clock.advance(Duration.ofMillis(1));
      assertThat(spawner.spawned).as("restarted after %d ms", wait).hasSize(before + 1);
    }
    stopAll(monitor);
  }

  @Test
  void aProcessThatRanPastTheThresholdIsRestartedAtOnceAndItsDelayIsReset() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("svc", List.of("/bin/svc"));
    monitor.startService();
    spawner.last().end(new ExitStatus.Exited(1));
    clock.advance(Duration.ofSeconds(1));
    spawner.last().end(new ExitStatus.Exited(1));
    assertThat(monitor.currentDelay("svc")).contains(Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(2));
    assertThat(spawner.spawned).hasSize(3);
    clock.advance(Duration.ofSeconds(1)); // ran exactly the threshold
    spawner.last().end(new ExitStatus.Signaled(9));
    assertThat(monitor.currentDelay("svc")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ZERO);
    assertThat(spawner.spawned).hasSize(4);
    stopAll(monitor);
  }

  @Test
  void aProgramThatCannotStartIsRetriedWithBackoff() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("missing", List.of("/no/such/program"));
    spawner.fail = true;
    monitor.startService();
    assertThat(spawner.spawned).isEmpty();
    assertThat(monitor.pid("missing")).isEmpty();
    spawner.fail = false;
    clock.advance(Duration.ofSeconds(1));
    assertThat(spawner.spawned).hasSize(1);
    stopAll(monitor);
  }

  @Test
  void stopSendsTermThenKillAfterTheKillTimeAndFiresWhenEveryProcessEnded() {
    ProcessMonitor monitor =
        ProcessMonitor.builder(clock, spawner).killTime(Duration.ofSeconds(5)).build("procmon");
    monitor.addProcess("polite", List.of("/bin/polite"));
    monitor.addProcess("stubborn", List.of("/bin/stubborn"));
    monitor.startService();
    FakeProcess polite = spawner.spawned.get(0);
    FakeProcess stubborn = spawner.spawned.get(1);
    Deferred<Void> stopped = monitor.stopService();
    assertThat(polite.signals).containsExactly("TERM");
    assertThat(stubborn.signals).containsExactly("TERM");
    polite.end(new ExitStatus.Signaled(15));
    assertThat(stopped.called()).isFalse();
    clock.advance(Duration.ofMillis(4999));
    assertThat(stubborn.signals).containsExactly("TERM");
    clock.advance(Duration.ofMillis(1));
    assertThat(stubborn.signals).containsExactly("TERM", "KILL");
    stubborn.end(new ExitStatus.Signaled(9));
    assertThat(stopped.called()).isTrue();
    clock.advance(Duration.ofHours(2));
    assertThat(spawner.spawned).as("nothing restarts after stop").hasSize(2);
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void stopCancelsAPendingRestart() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("flaky", List.of("/bin/flaky"));
    monitor.startService();
    spawner.last().end(new ExitStatus.Exited(2));
    assertThat(clock.pendingCalls()).hasSize(1);
    assertThat(monitor.stopService().called()).isTrue();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  @Test
  void aRemovedProcessIsStoppedAndNotRestarted() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("gone", List.of("/bin/gone"));
    monitor.startService();
    FakeProcess gone = spawner.last();
    Deferred<Void> removed = monitor.removeProcess("gone");
    assertThat(gone.signals).containsExactly("TERM");
    gone.end(new ExitStatus.Signaled(15));
    assertThat(removed.called()).isTrue();
    assertThat(monitor.processes()).isEmpty();
    clock.advance(Duration.ofSeconds(10));
    assertThat(spawner.spawned).hasSize(1);
    assertThatThrownBy(() -> monitor.removeProcess("gone"))
        .isInstanceOf(IllegalArgumentException.class);
    stopAll(monitor);
  }

  @Test
  void restartAllTermsEveryProcessAndStartsItAgainOnceItEnded() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("a", List.of("/bin/a"));
    monitor.startService();
    clock.advance(Duration.ofSeconds(10));
    FakeProcess first = spawner.last();
    monitor.restartAll();
    assertThat(first.signals).containsExactly("TERM");
    first.end(new ExitStatus.Signaled(15));
    clock.advance(Duration.ZERO);
    assertThat(spawner.spawned).hasSize(2);
    assertThat(clock.pendingCalls()).isEmpty();
    stopAll(monitor);
  }

  @Test
  void restartAllLeavesAPendingRestartInPlace() {
    ProcessMonitor monitor = monitor();
    monitor.addProcess("flaky", List.of("/bin/flaky"));
    monitor.startService();
    spawner.last().end(new ExitStatus.Exited(1));
    monitor.restartAll();
    clock.advance(Duration.ofSeconds(1));
    assertThat(spawner.spawned).hasSize(2);
    stopAll(monitor);
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(
            () ->
                ProcessMonitor.builder(clock, spawner)
                    .minRestartDelay(Duration.ofSeconds(10))
                    .maxRestartDelay(Duration.ofSeconds(5))
                    .build("x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than the minimum");
    assertThatThrownBy(
            () -> ProcessMonitor.builder(clock, spawner).killTime(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> monitor().addProcess("empty", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Stops the monitor, ending every fake process that got TERM. */
  private void stopAll(ProcessMonitor monitor) {
    Deferred<Void> stopped = monitor.stopService();
    for (FakeProcess p : spawner.spawned) {
      if (!p.ended && p.signals.contains("TERM")) {
        p.end(new ExitStatus.Signaled(15));
      }
    }
    assertThat(stopped.called()).isTrue();
    assertThat(clock.pendingCalls()).isEmpty();
  }

  // Real processes on a real reactor.

  @Test
  void aRealProcessThatExitsIsRestartedAndStopFiresOnceItIsGone(ReactorTester t) {
    ProcessMonitor monitor =
        ProcessMonitor.builder(t.reactor())
            .minRestartDelay(Duration.ofMillis(10))
            .maxRestartDelay(Duration.ofMillis(20))
            .build("procmon");
    Deferred<Void> restarted = new Deferred<>();
    List<Long> pids = new ArrayList<>();
    monitor.addProcess("hi", List.of("/bin/sh", "-c", "echo hi; exit 3"));
    monitor.startService();
    pids.add(monitor.pid("hi").orElseThrow());
    watchForNewPid(t, monitor, pids, restarted);
    t.await(restarted);
    assertThat(pids).hasSize(2).doesNotHaveDuplicates();
    t.await(monitor.stopService());
    assertThat(monitor.pid("hi")).isEmpty();
  }

  /** Polls (on the reactor clock) until the monitored process has a new pid. */
  private static void watchForNewPid(
      ReactorTester t, ProcessMonitor monitor, List<Long> pids, Deferred<Void> done) {
    t.reactor()
        .callLater(
            Duration.ofMillis(5),
            () -> {
              var pid = monitor.pid("hi");
              if (pid.isPresent() && !pids.contains(pid.get())) {
                pids.add(pid.get());
                done.callback(null);
              } else {
                watchForNewPid(t, monitor, pids, done);
              }
            });
  }

  @Test
  void aRealProcessThatIgnoresTermIsKilledAfterTheKillTime(ReactorTester t) {
    ProcessMonitor monitor =
        ProcessMonitor.builder(t.reactor()).killTime(Duration.ofMillis(200)).build("procmon");
    // The shell prints "ready" once its TERM trap is set, so the TERM cannot come too early.
    Deferred<Void> ready = new Deferred<>();
    monitor.addProcess(
        "stubborn",
        List.of("/bin/sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done"));
    monitor.startService();
    long pid = monitor.pid("stubborn").orElseThrow();
    pollUntilTrapped(t, pid, ready);
    t.await(ready);
    t.await(monitor.stopService());
    // Only KILL can end a shell that ignores TERM.
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
  }

  /** Waits until the shell has set its trap: its /proc status shows SIGTERM ignored. */
  private static void pollUntilTrapped(ReactorTester t, long pid, Deferred<Void> ready) {
    t.reactor()
        .callLater(
            Duration.ofMillis(5),
            () -> {
              boolean ignored;
              try {
                ignored =
                    java.nio.file.Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(l -> l.startsWith("SigIgn:"))
                        .anyMatch(
                            l -> (Long.parseLong(l.substring(7).trim(), 16) & (1L << 14)) != 0);
              } catch (IOException e) {
                ignored = false;
              }
              if (ignored) {
                ready.callback(null);
              } else {
                pollUntilTrapped(t, pid, ready);
              }
            });
  }

  /** A spawner of real processes on {@code t}'s reactor, each watched by a new {@link Watcher}. */
  private static ProcessMonitor.Spawner watching(
      ReactorTester t, List<ProcessGroupProbe.Watcher> watchers) {
    return (protocol, argv, env, dir) -> {
      var watcher = new ProcessGroupProbe.Watcher(protocol);
      watchers.add(watcher);
      return Processes.spawn(t.reactor(), watcher, argv, env, dir);
    };
  }

  @Test
  void stoppingTheMonitorStopsWhatAProcessStartedInTheBackgroundWithoutWaitingForKill(
      ReactorTester t) {
    List<ProcessGroupProbe.Watcher> watchers = new ArrayList<>();
    ProcessMonitor monitor =
        ProcessMonitor.builder(t.reactor(), watching(t, watchers))
            .killTime(Duration.ofSeconds(60))
            .build("procmon");
    monitor.addProcess(
        "parent", List.of("/bin/sh", "-c", "sleep 1000 & echo $$ $!; exec sleep 1000"));
    try (var leftovers = new ProcessGroupProbe.Leftovers()) {
      monitor.startService();
      String pids = t.await(watchers.getFirst().firstLine);
      leftovers.addAll(pids);

      t.await(monitor.stopService());
      for (String pid : pids.split(" ")) {
        t.await(ProcessGroupProbe.whenGone(t.reactor(), Long.parseLong(pid)));
      }
    }
  }

  @Test
  void aProcessThatCrashesAtOnceLeavingABackgroundProcessCountsAsACrash(ReactorTester t) {
    // Real processes, the monitor's time on the fake clock: ten seconds pass between the exit of
    // the child and the end of its output, which its background sleep holds.
    List<ProcessGroupProbe.Watcher> watchers = new ArrayList<>();
    ProcessMonitor monitor =
        ProcessMonitor.builder(clock, watching(t, watchers))
            .killTime(Duration.ofSeconds(60))
            .build("procmon");
    monitor.addProcess("crasher", List.of("/bin/sh", "-c", "sleep 1000 & echo $!; exit 1"));
    try (var leftovers = new ProcessGroupProbe.Leftovers()) {
      monitor.startService();
      var watcher = watchers.getFirst();
      watcher.afterExit = () -> clock.advance(Duration.ofSeconds(10));
      String background = t.await(watcher.firstLine);
      leftovers.addAll(background);

      assertThat(t.await(watcher.ended)).isEqualTo(new ExitStatus.Exited(1));
      assertThat(monitor.currentDelay("crasher"))
          .as("a crash doubles the delay; a long run would reset it to 1 s")
          .contains(Duration.ofSeconds(2));
      t.await(ProcessGroupProbe.whenGone(t.reactor(), Long.parseLong(background)));
      clock.advance(Duration.ofSeconds(1));
      assertThat(watchers).as("restarted after the first delay").hasSize(2);
      t.await(monitor.stopService());
      assertThat(clock.pendingCalls()).isEmpty();
    }
  }
}
