package dev.braid.defer;

import static dev.braid.defer.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.reactor.Timing;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The warning for a body that holds the reactor too long. The threshold is set to zero, so every
 * stretch a body runs warns: deterministic, no clock and no sleeps.
 */
@BraidTest
class CoroutineHoldWarningTest {

  /** An SLF4J logger that keeps what it is given. */
  private static final class RecordingLogger extends AbstractLogger {
    final List<String> lines = new ArrayList<>();

    RecordingLogger() {
      this.name = "recording";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable error) {
      synchronized (lines) {
        lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
      }
    }

    List<String> lines() {
      synchronized (lines) {
        return List.copyOf(lines);
      }
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
      return true;
    }
  }

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
