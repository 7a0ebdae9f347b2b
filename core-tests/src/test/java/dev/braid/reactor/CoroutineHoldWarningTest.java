package dev.braid.reactor;

import static dev.braid.reactor.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RecordingLogger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The warning for a body that holds the reactor too long. The threshold is set to zero, so every
 * stretch a body runs warns: deterministic, no clock and no sleeps.
 */
@BraidTest
class CoroutineHoldWarningTest {

  @Test
  void aBodyHoldingTheReactorPastTheThresholdLogsAWarningPerStretch(ReactorTester t) {
    RecordingLogger logger = new RecordingLogger();
    Coroutines coroutines = Coroutines.builder().holdWarning(Duration.ZERO).logger(logger).build();

    Deferred<Void> result =
        coroutines.start(
            t.reactor(),
            () -> {
              await(Timing.deferLater(t.reactor(), Duration.ZERO));
              return null;
            });
    t.await(result);

    assertThat(logger.lines()).hasSize(2);
    assertThat(logger.lines())
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith("WARN Coroutine braid-coroutine-")
                    .contains("held the reactor for")
                    .contains("reactor.deferToThread"));
  }

  @Test
  void aBodyUnderTheThresholdLogsNothing(ReactorTester t) {
    RecordingLogger logger = new RecordingLogger();
    Coroutines coroutines =
        Coroutines.builder().holdWarning(Duration.ofDays(1)).logger(logger).build();

    t.await(coroutines.start(t.reactor(), () -> "quick"));

    assertThat(logger.lines()).isEmpty();
  }
}
