package dev.braid.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command's log formats and its rotating log file. */
@BraidTest
class LogFormatTest {
  private static final LogFormat.Event EVENT =
      new LogFormat.Event(
          Instant.parse("2026-11-22T03:40:00.123Z"),
          "INFO",
          "dev.braid.net.ListeningPort",
          "main",
          "said \"hi\"\n\tthen\u0001left",
          List.of(Map.entry("peer", "127.0.0.1:5"), Map.entry("bytes", 42)),
          null);

  @Test
  void jsonEscapesQuotesControlCharactersAndKeepsNumbersAsNumbers() {
    assertThat(LogFormat.JSON.format(EVENT))
        .isEqualTo(
            "{\"time\":\"2026-11-22T03:40:00.123Z\",\"level\":\"INFO\","
                + "\"logger\":\"dev.braid.net.ListeningPort\",\"thread\":\"main\","
                + "\"message\":\"said \\\"hi\\\"\\n\\tthen\\u0001left\","
                + "\"fields\":{\"peer\":\"127.0.0.1:5\",\"bytes\":42}}");
  }

  @Test
  void textShowsTheShortLoggerNameAndTheFields() {
    assertThat(LogFormat.TEXT.format(EVENT))
        .startsWith("2026-11-22T03:40:00.123Z INFO  [main] ListeningPort - said")
        .endsWith("peer=127.0.0.1:5 bytes=42");
  }

  @Test
  void anExceptionIsWrittenWithItsStackTrace() {
    LogFormat.Event failed =
        new LogFormat.Event(
            EVENT.time(),
            "ERROR",
            "x",
            "main",
            "boom",
            List.of(),
            new IllegalStateException("bad"));
    assertThat(LogFormat.JSON.format(failed))
        .contains("\"exception\":\"java.lang.IllegalStateException: bad\\n\\tat ");
    assertThat(LogFormat.TEXT.format(failed)).contains("java.lang.IllegalStateException: bad");
  }

  @Test
  void theLogFileRotatesPastItsSizeAndKeepsTheGivenNumberOfOldFiles() throws IOException {
    Path dir = Files.createTempDirectory("braid-log");
    Path file = dir.resolve("braid.log");
    LogSink sink = LogSink.file(file, 100, 2);
    for (int i = 0; i < 10; i++) {
      sink.write("line " + i + " " + "x".repeat(40));
    }
    assertThat(Files.readString(file)).contains("line 9").doesNotContain("line 7");
    assertThat(Files.readString(dir.resolve("braid.log.1"))).contains("line 7");
    assertThat(dir.resolve("braid.log.2")).exists();
    assertThat(dir.resolve("braid.log.3")).doesNotExist();
  }
}
