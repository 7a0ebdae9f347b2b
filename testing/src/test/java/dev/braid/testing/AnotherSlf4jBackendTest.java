package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With another SLF4J backend (slf4j-simple) ahead of braid-testing on the test class path, a test
 * that logs an error still fails; and where the other backend is forced ({@code slf4j.provider}),
 * every test fails at its start saying why. Each runs JUnit in a JVM of its own ({@link
 * ForkedJUnitRun}), since SLF4J picks its backend once per JVM.
 */
@BraidTest(timeoutSeconds = 60)
class AnotherSlf4jBackendTest {
  private static final String PROBE = BraidExtensionTest.Probes.class.getName() + "#logsAnError";

  private static RealPeer forkedRun(ReactorTester t, String... jvmOptions) throws IOException {
    Path simple = Path.of(System.getProperty("braid.test.slf4j-simple.jar"));
    assertThat(Files.isRegularFile(simple)).as("slf4j-simple at " + simple).isTrue();
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of(jvmOptions));
    command.add("-D" + BraidExtensionTest.PROBES_ON + "=true");
    command.add("-cp");
    command.add(simple + File.pathSeparator + System.getProperty("java.class.path"));
    command.add(ForkedJUnitRun.class.getName());
    command.add(PROBE);
    return RealPeer.start(t.reactor(), "temurin-25-jdk", command);
  }

  @Test
  void aLoggedErrorStillFailsTheTestWithSlf4jSimpleFirstOnTheClassPath(ReactorTester t)
      throws Exception {
    RealPeer run = forkedRun(t);
    assertThat(t.await(run.exited())).as(run.output()).isZero();
    assertThat(run.output())
        .contains("started 1 failed 1")
        .contains("failure: ")
        .contains("did not expect", "probe failure");
  }

  @Test
  void aForcedOtherBackendFailsEachTestAtItsStartSayingWhy(ReactorTester t) throws Exception {
    RealPeer run = forkedRun(t, "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider");
    assertThat(t.await(run.exited())).as(run.output()).isZero();
    assertThat(run.output())
        .contains("started 1 failed 1")
        .contains(
            "failure: @BraidTest cannot see what the code under test logs: SLF4J sends it to"
                + " org.slf4j.simple.SimpleLoggerFactory"
                + " (system property slf4j.provider=org.slf4j.simple.SimpleServiceProvider)");
  }
}
