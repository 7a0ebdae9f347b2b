package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** RecordingLogger keeps what the code under test logged, fluent fields included. */
@BraidTest
class RecordingLoggerTest {

  @Test
  void plainCallsAreKeptAsLevelAndFormattedMessage() {
    RecordingLogger log = new RecordingLogger();

    log.debug("{} read {}", "#7", "3 bytes");
    log.warn("careful");

    assertThat(log.lines()).containsExactly("DEBUG #7 read 3 bytes", "WARN careful");
    assertThat(log.at(Level.WARN)).containsExactly("careful");
    assertThat(log.entries())
        .containsExactly(
            new RecordingLogger.Entry(Level.DEBUG, "#7 read 3 bytes", java.util.List.of()),
            new RecordingLogger.Entry(Level.WARN, "careful", java.util.List.of()));
  }

  @Test
  void theFluentApiKeepsItsKeyValueFields() {
    RecordingLogger log = new RecordingLogger();

    log.atInfo().addKeyValue("process", "web").addKeyValue("stream", "stdout").log("a {} line");
    log.atError().log("{} failed", "accept");

    assertThat(log.lines()).containsExactly("INFO a {} line", "ERROR accept failed");
    RecordingLogger.Entry first = log.entries().getFirst();
    assertThat(first.level()).isEqualTo(Level.INFO);
    assertThat(first.fields().stream().map(String::valueOf))
        .containsExactly("process=\"web\"", "stream=\"stdout\"");
    assertThat(log.entries().get(1).fields()).isEmpty();
  }
}
