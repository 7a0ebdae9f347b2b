package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RecordingLogger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Output of a child process logged line by line, with the process and stream as fields. */
@BraidTest
class ProcessOutputLoggerTest {

  /** Each event logged, as "LEVEL message|key=value,key=value". */
  private static List<String> events(RecordingLogger log) {
    return log.entries().stream()
        .map(
            e ->
                e.level()
                    + " "
                    + e.message()
                    + "|"
                    + String.join(",", e.fields().stream().map(String::valueOf).toList()))
        .toList();
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachLineIsOneInfoEventWithTheProcessAndStreamAsFields() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "web", "stdout");
    out.feed(bytes("first line\nsecond {} line\r\nthird"));
    assertThat(events(log))
        .containsExactly(
            "INFO first line|process=\"web\",stream=\"stdout\"",
            "INFO second {} line|process=\"web\",stream=\"stdout\"");
    out.flush();
    assertThat(events(log)).hasSize(3).last().asString().startsWith("INFO third|");
    out.flush();
    assertThat(events(log)).hasSize(3);
  }

  @Test
  void linesSplitAcrossChunksOneByteAtATimeComeOutWhole() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "p", "stderr");
    for (byte b : "héllo\nworld\n".getBytes(StandardCharsets.UTF_8)) {
      out.feed(ByteBuffer.wrap(new byte[] {b}));
    }
    assertThat(events(log))
        .containsExactly(
            "INFO héllo|process=\"p\",stream=\"stderr\"",
            "INFO world|process=\"p\",stream=\"stderr\"");
  }

  @Test
  void aLineLongerThanTheLimitIsLoggedInPieces() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "p", "stdout");
    out.feed(bytes("x".repeat(ProcessOutputLogger.MAX_LINE + 10) + "\n"));
    assertThat(events(log)).hasSize(2);
    assertThat(events(log).get(0))
        .hasSize(
            "INFO ".length()
                + ProcessOutputLogger.MAX_LINE
                + "|process=\"p\",stream=\"stdout\"".length());
    assertThat(events(log).get(1)).startsWith("INFO xxxxxxxxxx|");
  }
}
