package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.slf4j.LoggerFactory;

/**
 * Runs the probe tests of {@link Probes} through JUnit's engine test kit and checks what {@link
 * BraidExtension} made of them.
 */
@BraidTest
class BraidExtensionTest {
  /** Set only while a test of this class runs the probes; the probes are off otherwise. */
  static final String PROBES_ON = "braid.testing.extensionProbes";

  private static EngineExecutionResults runProbe(String method) {
    System.setProperty(PROBES_ON, "true");
    try {
      return EngineTestKit.engine("junit-jupiter")
          .selectors(
              selectMethod(
                  Probes.class,
                  java.util.Arrays.stream(Probes.class.getDeclaredMethods())
                      .filter(m -> m.getName().equals(method))
                      .findFirst()
                      .orElseThrow()))
          .execute();
    } finally {
      System.clearProperty(PROBES_ON);
    }
  }

  @Test
  void aTestThatLogsAnErrorItDoesNotFlushFails() {
    EngineExecutionResults results = runProbe("logsAnError");

    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
    Throwable failure =
        results.testEvents().failed().stream()
            .findFirst()
            .flatMap(event -> event.getPayload(TestExecutionResult.class))
            .flatMap(TestExecutionResult::getThrowable)
            .orElseThrow();
    assertThat(failure)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("did not expect")
        .hasMessageContaining("probe failure");
    assertThat(failure.getSuppressed()).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailedTestShowsWhatItsRealPeersPrintedAndThePeersAreKilled() throws Exception {
    Throwable failure = failureOf(runProbe("failsWhileARealPeerRuns"));

    assertThat(failure).hasMessage("probe failure");
    assertThat(failure.getSuppressed())
        .singleElement()
        .satisfies(output -> assertThat(output.getMessage()).contains("peer says hello"));
    assertThat(Probes.leftRunning.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
        .isTrue();
  }

  @Test
  void aTestThatFlushesTheErrorItExpectsPasses() {
    EngineExecutionResults results = runProbe("logsAnErrorAndFlushesIt");

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  private static Throwable failureOf(EngineExecutionResults results) {
    results.testEvents().assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
    return results.testEvents().failed().stream()
        .findFirst()
        .flatMap(event -> event.getPayload(TestExecutionResult.class))
        .flatMap(TestExecutionResult::getThrowable)
        .orElseThrow();
  }

  @Test
  void aTestThatLeavesADelayedCallPendingFails() {
    assertThat(failureOf(runProbe("leavesADelayedCall")))
        .hasMessageContaining("left the reactor dirty")
        .hasMessageContaining("pending delayed calls");
  }

  @Test
  void aTestThatLeavesAPortListeningFails() {
    assertThat(failureOf(runProbe("leavesAPortListening")))
        .hasMessageContaining("listening ports left open");
  }

  @Test
  void aTestThatLeavesAConnectionOpenFails() {
    assertThat(failureOf(runProbe("leavesAConnectionOpen")))
        .hasMessageContaining("connections left open");
  }

  @Test
  void aTestThatDropsAFailedDeferredFails() {
    assertThat(failureOf(runProbe("dropsAFailedDeferred")))
        .hasMessageContaining("Unhandled error in Deferred");
  }

  @Test
  void anAwaitThatNeverFiresFailsAfterTheTimeout() {
    assertThat(failureOf(runProbe("awaitsForever")))
        .hasMessageContaining("did not fire within PT1S");
  }

  @Test
  void aTestThatCleansUpAfterItselfPasses() {
    runProbe("cleansUp")
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  /**
   * The tests the engine test kit runs. They are enabled only while {@link #runProbe} sets the
   * system property, so the normal test run skips them.
   */
  @BraidTest
  @EnabledIfSystemProperty(named = PROBES_ON, matches = "true")
  static class Probes {
    static RealPeer leftRunning;

    @Test
    void failsWhileARealPeerRuns(ReactorTester t) throws Exception {
      leftRunning = RealPeer.start(t.reactor(), "sh", "-c", "echo peer says hello; exec cat");
      t.await(leftRunning.lineContaining("hello"));
      throw new AssertionError("probe failure");
    }

    @Test
    void leavesADelayedCall(ReactorTester t) {
      t.reactor().callLater(java.time.Duration.ofHours(1), () -> {});
    }

    @Test
    void leavesAPortListening(ReactorTester t) throws Exception {
      t.reactor().listenTcp(0, peer -> new dev.braid.net.Protocol() {});
    }

    @Test
    void leavesAConnectionOpen(ReactorTester t) throws Exception {
      var port =
          t.reactor()
              .listenTcp(
                  0,
                  peer -> new dev.braid.net.Protocol() {},
                  dev.braid.net.ReactorTcp.TcpListenOptions.defaults().withInterface("127.0.0.1"));
      int number = ((java.net.InetSocketAddress) port.address()).getPort();
      t.await(
          dev.braid.net.endpoints.Endpoints.clientFromString(t.reactor(), "tcp:127.0.0.1:" + number)
              .connect(peer -> new dev.braid.net.Protocol() {}));
      t.await(port.stopListening());
    }

    @Test
    void dropsAFailedDeferred() {
      dev.braid.defer.Deferred.fail(new IllegalStateException("nobody handles me"));
    }

    @Test
    @AwaitTimeout(1)
    void awaitsForever(ReactorTester t) {
      t.await(new dev.braid.defer.Deferred<Void>());
    }

    @Test
    void cleansUp(ReactorTester t) throws Exception {
      var call = t.reactor().callLater(java.time.Duration.ofHours(1), () -> {});
      var port = t.reactor().listenTcp(0, peer -> new dev.braid.net.Protocol() {});
      call.cancel();
      t.await(port.stopListening());
    }

    @Test
    void logsAnError() {
      LoggerFactory.getLogger("probe")
          .error("probe failure", new IllegalStateException("probe failure"));
    }

    @Test
    void logsAnErrorAndFlushesIt() {
      LoggerFactory.getLogger("probe")
          .error("expected failure", new IllegalStateException("expected"));
      assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
    }
  }
}
