package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.ReactorTester;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Child processes on a real reactor: pipes, exit statuses, signals, flow control, helpers. */
@BraidTest
class ProcessesTest {

  /** Records every event, checking that each arrives on the reactor thread. */
  static class Recorder implements ProcessProtocol {
    final Reactor reactor;
    final List<String> events = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Deferred<ExitStatus> ended = new Deferred<>();
    ProcessTransport transport;
    boolean offReactorThread;
    ExitStatus exited;

    Recorder(Reactor reactor) {
      this.reactor = reactor;
    }

    private void check() {
      offReactorThread |= !reactor.isReactorThread();
    }

    @Override
    public void connectionMade(ProcessTransport transport) {
      check();
      this.transport = transport;
      events.add("made");
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
      check();
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      (fd == 1 ? out : err).writeBytes(bytes);
      if (!events.getLast().equals("data" + fd)) {
        events.add("data" + fd);
      }
    }

    @Override
    public void processExited(ExitStatus status) {
      check();
      exited = status;
      events.add("exited");
    }

    @Override
    public void processEnded(ExitStatus status) {
      check();
      events.add("ended");
      ended.callback(status);
    }

    String stdout() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
      return err.toString(StandardCharsets.UTF_8);
    }
  }

  private static ProcessTransport spawn(Reactor reactor, ProcessProtocol protocol, String... argv)
      throws IOException {
    return Processes.spawn(
        reactor, protocol, List.of(argv), System.getenv(), Path.of("").toAbsolutePath());
  }

  @Test
  void catEchoesStdinAndEndsWhenStdinCloses(ReactorTester t) throws IOException {
    Recorder cat = new Recorder(t.reactor());
    ProcessTransport transport = spawn(t.reactor(), cat, "/bin/cat");
    transport.write(ByteBuffer.wrap("hello ".getBytes(StandardCharsets.UTF_8)));
    transport.write(ByteBuffer.wrap("process\n".getBytes(StandardCharsets.UTF_8)));
    transport.closeStdin();

    assertThat(t.await(cat.ended)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(cat.stdout()).isEqualTo("hello process\n");
    assertThat(cat.events.getFirst()).isEqualTo("made");
    assertThat(cat.events.getLast()).isEqualTo("ended");
    assertThat(transport.bufferedBytes()).isZero();
    assertThat(transport.pid()).isPositive();
    assertThat(cat.offReactorThread).isFalse();
  }

  @Test
  void stdoutAndStderrAreSeparateAndProcessEndedComesAfterAllData(ReactorTester t)
      throws IOException {
    Recorder sh = new Recorder(t.reactor());
    spawn(t.reactor(), sh, "/bin/sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(t.await(sh.ended)).isEqualTo(new ExitStatus.Exited(3));
    assertThat(sh.exited).isEqualTo(new ExitStatus.Exited(3));
    assertThat(sh.stdout()).isEqualTo("out\n");
    assertThat(sh.stderr()).isEqualTo("err\n");
    assertThat(sh.events).startsWith("made").endsWith("ended");
    assertThat(sh.events).containsOnlyOnce("exited", "ended").contains("data1", "data2");
    assertThat(sh.offReactorThread).isFalse();
  }

  @Test
  void aProcessThatKillsItselfWithTermIsSignaled(ReactorTester t) throws IOException {
    Recorder sh = new Recorder(t.reactor());
    spawn(t.reactor(), sh, "/bin/sh", "-c", "kill -TERM $$");

    assertThat(t.await(sh.ended)).isEqualTo(new ExitStatus.Signaled(15));
  }

  @Test
  void signalProcessKillEndsASleepingProcess(ReactorTester t) throws IOException {
    Recorder sleep = new Recorder(t.reactor());
    ProcessTransport transport = spawn(t.reactor(), sleep, "sleep", "1000");
    transport.signalProcess("KILL");

    ExitStatus status = t.await(sleep.ended);
    assertThat(status).isEqualTo(new ExitStatus.Signaled(9));
    assertThat(status.rawValue()).isEqualTo(137);
    assertThatThrownBy(() -> transport.signalProcess("TERM"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already exited");
  }

  @Test
  void signalProcessIntRunsKillAndUnknownNamesAreRejected(ReactorTester t) throws IOException {
    Recorder sleep = new Recorder(t.reactor());
    ProcessTransport transport = spawn(t.reactor(), sleep, "sleep", "1000");
    assertThatThrownBy(() -> transport.signalProcess("SIGTERM"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no SIG prefix");
    transport.signalProcess("INT");

    assertThat(t.await(sleep.ended)).isEqualTo(new ExitStatus.Signaled(2));
  }

  @Test
  void exitValuesAboveTheSignalRangeAreExits() {
    assertThat(ExitStatus.fromExitValue(0)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(ExitStatus.fromExitValue(128)).isEqualTo(new ExitStatus.Exited(128));
    assertThat(ExitStatus.fromExitValue(130)).isEqualTo(new ExitStatus.Signaled(2));
    assertThat(ExitStatus.fromExitValue(192)).isEqualTo(new ExitStatus.Signaled(64));
    assertThat(ExitStatus.fromExitValue(193)).isEqualTo(new ExitStatus.Exited(193));
  }

  /** Pauses reading on every chunk and resumes on the next reactor turn. */
  static final class PausingReader extends Recorder {
    long bytes;
    boolean dataWhilePaused;
    boolean pausedNow;

    PausingReader(Reactor reactor) {
      super(reactor);
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
      dataWhilePaused |= pausedNow;
      bytes += data.remaining();
      data.position(data.limit());
      pausedNow = true;
      transport.pauseProducing();
      reactor.callFromThread(
          () -> {
            pausedNow = false;
            transport.resumeProducing();
          });
    }
  }

  @Test
  void aFloodingProcessHoldsAtMostOneChunkPerStreamWhileTheProtocolPauses(ReactorTester t)
      throws IOException {
    PausingReader reader = new PausingReader(t.reactor());
    ProcessTransport transport =
        spawn(t.reactor(), reader, "/bin/sh", "-c", "head -c 50000000 /dev/zero");
    transport.closeStdin();

    assertThat(t.await(reader.ended)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(reader.bytes).isEqualTo(50_000_000L);
    assertThat(reader.dataWhilePaused).isFalse();
    assertThat(((RealProcessTransport) transport).maxChunksInFlight()).isBetween(1, 2);
  }

  @Test
  void aMissingProgramFailsToSpawnWithItsName(ReactorTester t) {
    Recorder nobody = new Recorder(t.reactor());
    assertThatThrownBy(() -> spawn(t.reactor(), nobody, "/no/such/program-braid"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/no/such/program-braid");
    assertThat(nobody.events).isEmpty();

    Throwable error =
        t.awaitFailure(Processes.getProcessValue(t.reactor(), List.of("/no/such/program-braid")));
    assertThat(error).isInstanceOf(IOException.class);
  }

  @Test
  void getProcessOutputGivesStdout(ReactorTester t) {
    ByteString out =
        t.await(Processes.getProcessOutput(t.reactor(), List.of("/bin/echo", "hi there")));
    assertThat(out.utf8()).isEqualTo("hi there\n");
  }

  @Test
  void getProcessOutputFailsWhenTheProcessWritesToStderrUnlessDiscarded(ReactorTester t) {
    List<String> argv = List.of("/bin/sh", "-c", "echo out; echo oops >&2; exit 1");
    Throwable error = t.awaitFailure(Processes.getProcessOutput(t.reactor(), argv));
    assertThat(error).isInstanceOf(ProcessOutputException.class);
    ProcessOutputException failure = (ProcessOutputException) error;
    assertThat(failure.stderr().utf8()).isEqualTo("oops\n");
    assertThat(failure.stdout().utf8()).isEqualTo("out\n");
    assertThat(failure.status()).isEqualTo(new ExitStatus.Exited(1));

    ByteString out =
        t.await(Processes.getProcessOutput(t.reactor(), argv, Processes.Stderr.DISCARD));
    assertThat(out.utf8()).isEqualTo("out\n");
  }

  @Test
  void getProcessValueGivesTheExitCode(ReactorTester t) {
    assertThat(t.await(Processes.getProcessValue(t.reactor(), List.of("/bin/sh", "-c", "exit 7"))))
        .isEqualTo(7);
  }

  @Test
  void stdinWritesPauseARegisteredProducerAboveTheHighWaterMark(ReactorTester t)
      throws IOException {
    Recorder cat = new Recorder(t.reactor());
    ProcessTransport transport = spawn(t.reactor(), cat, "/bin/cat");
    List<String> calls = new ArrayList<>();
    Deferred<Void> resumed = new Deferred<>();
    transport.setWriteBufferWaterMarks(10, 100);
    transport.registerProducer(
        new dev.braid.net.PushProducer() {
          @Override
          public void pauseProducing() {
            calls.add("pause");
          }

          @Override
          public void resumeProducing() {
            calls.add("resume");
            resumed.callback(null);
          }

          @Override
          public void stopProducing() {
            calls.add("stop");
          }
        });
    transport.write(ByteBuffer.wrap(new byte[200]));
    assertThat(transport.bufferedBytes()).isEqualTo(200);
    assertThat(calls).containsExactly("pause");

    t.await(resumed);
    assertThat(transport.bufferedBytes()).isZero();
    transport.closeStdin();
    assertThat(calls).containsExactly("pause", "resume", "stop");
    t.await(cat.ended);
    assertThat(cat.out.size()).isEqualTo(200);
  }

  @Test
  void transportMethodsRejectOtherThreads(ReactorTester t) throws Exception {
    Recorder cat = new Recorder(t.reactor());
    ProcessTransport transport = spawn(t.reactor(), cat, "/bin/cat");
    Deferred<Throwable> seen =
        t.reactor()
            .deferToThread(
                () -> {
                  try {
                    transport.write(ByteBuffer.allocate(1));
                    return new AssertionError("write was accepted");
                  } catch (IllegalStateException expected) {
                    return expected;
                  }
                });
    assertThat(t.await(seen)).isInstanceOf(IllegalStateException.class);
    transport.closeStdin();
    assertThat(t.await(cat.ended)).isEqualTo(new ExitStatus.Exited(0));
  }

  @Test
  void aThrowingCallbackIsLoggedAndLaterEventsStillArrive(ReactorTester t) throws IOException {
    Recorder sh =
        new Recorder(t.reactor()) {
          @Override
          public void childDataReceived(int fd, ByteBuffer data) {
            super.childDataReceived(fd, data);
            throw new IllegalStateException("protocol bug");
          }
        };
    spawn(t.reactor(), sh, "/bin/sh", "-c", "echo out");

    assertThat(t.await(sh.ended)).isEqualTo(new ExitStatus.Exited(0));
    assertThat(sh.stdout()).isEqualTo("out\n");
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  // Process groups.

  @Test
  void aChildLeadsItsOwnProcessGroupAndThePidIsThatOfTheCommand(ReactorTester t)
      throws IOException {
    Recorder sh = new Recorder(t.reactor());
    ProcessTransport transport =
        spawn(t.reactor(), sh, "/bin/sh", "-c", "echo $$; cut -d ' ' -f 5 /proc/$$/stat");

    assertThat(t.await(sh.ended)).isEqualTo(new ExitStatus.Exited(0));
    String pid = Long.toString(transport.pid());
    assertThat(sh.stdout().lines())
        .as("the shell's pid, then its process group")
        .containsExactly(pid, pid);
    assertThat(ProcessGroupProbe.processGroup(ProcessHandle.current().pid()))
        .as("the JVM keeps its own group")
        .isNotEqualTo(transport.pid());
  }

  @Test
  void signalProcessGroupReachesABackgroundProcessAfterTheChildExited(ReactorTester t)
      throws IOException {
    try (var leftovers = new ProcessGroupProbe.Leftovers()) {
      var watcher = new ProcessGroupProbe.Watcher();
      ProcessTransport transport =
          spawn(t.reactor(), watcher, "/bin/sh", "-c", "sleep 1000 & echo $!; exit 4");
      leftovers.addAll(t.await(watcher.firstLine));
      long background = Long.parseLong(watcher.stdout.toString().trim());

      assertThat(t.await(watcher.exited)).isEqualTo(new ExitStatus.Exited(4));
      assertThat(watcher.ended.called()).as("the background sleep holds stdout").isFalse();
      assertThatThrownBy(() -> transport.signalProcess("TERM"))
          .isInstanceOf(IllegalStateException.class);
      transport.signalProcessGroup("TERM");

      assertThat(t.await(watcher.ended)).isEqualTo(new ExitStatus.Exited(4));
      t.await(ProcessGroupProbe.whenGone(t.reactor(), background));
      assertThatThrownBy(() -> transport.signalProcessGroup("TERM"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ended");
    }
  }

  @Test
  void closeOutputEndsAChildWhosePipesAreHeldOutsideItsGroup(ReactorTester t) throws IOException {
    try (var leftovers = new ProcessGroupProbe.Leftovers()) {
      var watcher = new ProcessGroupProbe.Watcher();
      // setsid takes the sleep out of the child's group, out of reach of a group signal.
      ProcessTransport transport =
          spawn(t.reactor(), watcher, "/bin/sh", "-c", "setsid sleep 1000 & echo $!; exit 0");
      leftovers.addAll(t.await(watcher.firstLine));

      t.await(watcher.exited);
      assertThat(watcher.ended.called()).isFalse();
      transport.closeOutput();
      assertThat(watcher.ended.called()).isTrue();
      transport.closeOutput();
    }
  }
}
