package dev.braid.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.event.LoggingEvent;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LoggingEventAware;

/** Output of a child process logged line by line, with the process and stream as fields. */
@BraidTest
class ProcessOutputLoggerTest {

  /** Keeps each event as "message|key=value,key=value". */
  static final class RecordingLogger extends LegacyAbstractLogger implements LoggingEventAware {
    final List<String> events = new ArrayList<>();

    RecordingLogger() {
      this.name = "recording";
    }

    @Override
    public void log(LoggingEvent event) {
      StringBuilder fields = new StringBuilder();
      event.getKeyValuePairs().forEach(p -> fields.append(fields.isEmpty() ? "" : ",").append(p));
      events.add(event.getLevel() + " " + event.getMessage() + "|" + fields);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
      return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
        Level level, Marker marker, String pattern, Object[] args, Throwable error) {
      events.add(level + " " + pattern);
    }

    @Override
    public boolean isTraceEnabled() {
      return true;
    }

    @Override
    public boolean isDebugEnabled() {
      return true;
    }

    @Override
    public boolean isInfoEnabled() {
      return true;
    }

    @Override
    public boolean isWarnEnabled() {
      return true;
    }

    @Override
    public boolean isErrorEnabled() {
      return true;
    }
  }

  private static ByteBuffer bytes(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void eachLineIsOneInfoEventWithTheProcessAndStreamAsFields() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "web", "stdout");
    out.feed(bytes("first line\nsecond {} line\r\nthird"));
    assertThat(log.events)
        .containsExactly(
            "INFO first line|process=\"web\",stream=\"stdout\"",
            "INFO second {} line|process=\"web\",stream=\"stdout\"");
    out.flush();
    assertThat(log.events).hasSize(3).last().asString().startsWith("INFO third|");
    out.flush();
    assertThat(log.events).hasSize(3);
  }

  @Test
  void linesSplitAcrossChunksOneByteAtATimeComeOutWhole() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "p", "stderr");
    for (byte b : "héllo\nworld\n".getBytes(StandardCharsets.UTF_8)) {
      out.feed(ByteBuffer.wrap(new byte[] {b}));
    }
    assertThat(log.events)
        .containsExactly(
            "INFO héllo|process=\"p\",stream=\"stderr\"",
            "INFO world|process=\"p\",stream=\"stderr\"");
  }

  @Test
  void aLineLongerThanTheLimitIsLoggedInPieces() {
    RecordingLogger log = new RecordingLogger();
    ProcessOutputLogger out = new ProcessOutputLogger(log, "p", "stdout");
    out.feed(bytes("x".repeat(ProcessOutputLogger.MAX_LINE + 10) + "\n"));
    assertThat(log.events).hasSize(2);
    assertThat(log.events.get(0))
        .hasSize(
            "INFO ".length()
                + ProcessOutputLogger.MAX_LINE
                + "|process=\"p\",stream=\"stdout\"".length());
    assertThat(log.events.get(1)).startsWith("INFO xxxxxxxxxx|");
  }
}
