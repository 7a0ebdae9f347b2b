package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RealPeer: a real program as a test's peer. */
@BraidTest
class RealPeerTest {
  private static final Duration BOUND = Duration.ofSeconds(30);

  @TempDir Path tmp;

  @Test
  void aMissingPeerFailsTheTestNamingTheDebianPackageToInstall(ReactorTester t) {
    assertThatThrownBy(
            () ->
                RealPeer.start(
                    t.reactor(), "braid-test-no-such-peer", List.of("no-such-peer-program")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no-such-peer-program")
        .hasMessageContaining("apt-get install braid-test-no-such-peer");
  }

  @Test
  void thePeersLinesAndExitArriveAsDeferredsOnTheReactor(ReactorTester t) throws Exception {
    RealPeer peer = RealPeer.start(t.reactor(), "sh", "-c", "read line; echo got $line; exit 3");

    peer.send("ping\n");

    assertThat(t.await(peer.lineContaining("got"))).isEqualTo("got ping");
    assertThat(t.await(peer.exited())).isEqualTo(3);
    assertThat(peer.output()).isEqualTo("got ping");
  }

  @Test
  void freePortIsALoopbackPortNothingListensOn() throws Exception {
    int port = RealPeer.freePort();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void aRunWaitsForTheExitAndGivesTheCodeAndTheExactOutput() throws Exception {
    RealPeer.Result result =
        RealPeer.command("sh", "-c", "printf 'a\\nb'; echo oops >&2; exit 2").run(BOUND);

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.out()).isEqualTo("a\nboops\n");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aRunCanKeepStderrApart() throws Exception {
    RealPeer.Result result =
        RealPeer.command("sh", "-c", "echo out; echo err >&2").separateStderr().run(BOUND);

    assertThat(result.out()).isEqualTo("out\n");
    assertThat(result.err()).isEqualTo("err\n");
  }

  @Test
  void aRunGetsItsInputDirectoryAndEnvironment() throws Exception {
    RealPeer.Result result =
        RealPeer.command("sh", "-c", "read line; echo \"$line $WHO $(pwd)\"")
            .input("hello\n")
            .environment("WHO", "braid")
            .directory(tmp)
            .run(BOUND);

    assertThat(result.assertExit(0).out()).isEqualTo("hello braid " + tmp.toRealPath() + "\n");
  }

  @Test
  void aRunWithoutInputSeesItsStdinClosed() throws Exception {
    assertThat(RealPeer.command("cat").run(BOUND).assertExit(0).out()).isEmpty();
  }

  @Test
  void anUnexpectedExitCodeFailsQuotingTheOutput() throws Exception {
    RealPeer.Result result = RealPeer.command("sh", "-c", "echo it went wrong; exit 1").run(BOUND);

    assertThatThrownBy(() -> result.assertExit(0))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("exited with 1, not 0")
        .hasMessageContaining("it went wrong");
  }

  @Test
  void aRunThatOutlivesItsBoundFailsQuotingTheOutputAndIsKilled() throws Exception {
    Path pid = tmp.resolve("pid");
    assertThatThrownBy(
            () ->
                RealPeer.command("sh", "-c", "echo $$ > " + pid + "; echo started; exec sleep 100")
                    .run(Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waited in vain for its exit")
        .hasMessageContaining("started");
    var killed = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()));
    if (killed.isPresent()) {
      assertThat(killed.get().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }
  }

  @Test
  void aPeerWithoutAReactorIsAwaitedLineByLineAndToItsExit() throws Exception {
    RealPeer peer =
        RealPeer.command("sh", "-c", "echo one; echo two; read x; echo three $x").start();

    assertThat(peer.awaitLineContaining("two", BOUND)).isEqualTo("two");
    assertThat(peer.linesAwaited()).containsExactly("one", "two");
    peer.send("go\n");
    assertThat(peer.awaitLine(l -> l.startsWith("three"), BOUND)).isEqualTo("three go");
    assertThat(peer.awaitExit(BOUND)).isZero();
    assertThat(peer.result().out()).isEqualTo("one\ntwo\nthree go\n");
  }

  @Test
  void aLineThatNeverComesFailsQuotingTheOutput() throws Exception {
    RealPeer ended = RealPeer.command("sh", "-c", "echo only this").start();
    assertThatThrownBy(() -> ended.awaitLineContaining("more", BOUND))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ended its output")
        .hasMessageContaining("only this");

    RealPeer waiting = RealPeer.command("sh", "-c", "echo waiting; exec sleep 100").start();
    assertThatThrownBy(() -> waiting.awaitLineContaining("more", Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waited in vain for a line")
        .hasMessageContaining("waiting");
  }

  @Test
  void exitsWithinSaysWhetherThePeerEndedAndLeavesARunningOneAlone() throws Exception {
    RealPeer running = RealPeer.command("sh", "-c", "echo up; exec sleep 100").start();
    running.awaitLineContaining("up", BOUND);
    assertThat(running.exitsWithin(Duration.ofMillis(100))).isFalse();
    assertThat(running.process().isAlive()).isTrue();

    RealPeer quick = RealPeer.command("true").start();
    assertThat(quick.exitsWithin(BOUND)).isTrue();
    assertThat(quick.result().exit()).isZero();
  }

  @Test
  void terminateSendsSigterm() throws Exception {
    RealPeer peer =
        RealPeer.command(
                "sh",
                "-c",
                "trap 'kill $!; echo got TERM; exit 7' TERM; echo ready;"
                    + " sleep 100 >/dev/null 2>&1 & wait $!")
            .start();
    peer.awaitLineContaining("ready", BOUND);

    peer.terminate();

    assertThat(peer.awaitExit(BOUND)).isEqualTo(7);
    assertThat(peer.out()).contains("got TERM");
  }

  @Test
  void linesOnTheReactorCanBeMatchedByAnyTest(ReactorTester t) throws Exception {
    RealPeer peer = RealPeer.start(t.reactor(), "sh", "-c", "echo port x; echo port 8080");

    assertThat(t.await(peer.lineMatching(l -> l.matches("port \\d+")))).isEqualTo("port 8080");
    assertThat(t.await(peer.exited())).isZero();
  }

  @Test
  void aPeerWithoutAReactorHasNoDeferreds() throws Exception {
    RealPeer peer = RealPeer.command("true").start();

    assertThatThrownBy(peer::exited)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without a reactor");
  }

  @Test
  void firstLineCompletesWithALineAlreadyPrintedOrToComeAndFailsWhenTheOutputEnds()
      throws Exception {
    RealPeer peer = RealPeer.command("sh", "-c", "echo one; read x; echo two $x").start();
    peer.awaitLineContaining("one", BOUND);

    assertThat(peer.firstLine(l -> l.startsWith("o")).get(30, TimeUnit.SECONDS)).isEqualTo("one");
    var two = peer.firstLine(l -> l.startsWith("two"));
    var never = peer.firstLine(l -> l.startsWith("three"));
    peer.send("go\n");
    assertThat(two.get(30, TimeUnit.SECONDS)).isEqualTo("two go");
    assertThatThrownBy(() -> never.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(AssertionError.class)
        .hasMessageContaining("two go");
    assertThat(peer.lines()).containsExactly("one", "two go");
  }

  @Test
  void aPeerOnAReactorCanBeRunToCompletionOffItsThread(ReactorTester t) {
    RealPeer.Result result = t.await(RealPeer.command("echo", "hi").run(t.reactor(), BOUND));

    assertThat(result).isEqualTo(new RealPeer.Result(0, "hi\n", ""));
  }
}
