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
          .selectors(selectMethod(Probes.class, method))
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
  void aTestThatFlushesTheErrorItExpectsPasses() {
    EngineExecutionResults results = runProbe("logsAnErrorAndFlushesIt");

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
  }

  /**
   * The tests the engine test kit runs. They are enabled only while {@link #runProbe} sets the
   * system property, so the normal test run skips them.
   */
  @BraidTest
  @EnabledIfSystemProperty(named = PROBES_ON, matches = "true")
  static class Probes {
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
