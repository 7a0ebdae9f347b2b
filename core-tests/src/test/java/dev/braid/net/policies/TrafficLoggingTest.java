package dev.braid.net.policies;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ConnectionDone;
import dev.braid.testing.BraidTest;
import dev.braid.testing.RecordingLogger;
import dev.braid.testing.StringTransport;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

@BraidTest
class TrafficLoggingTest {
  private final RecordingLogger log = new RecordingLogger();

  /** The levels of what was logged, in order. */
  private List<Level> levels() {
    return log.entries().stream().map(RecordingLogger.Entry::level).toList();
  }

  /** The messages logged, in order, without their levels. */
  private List<String> lines() {
    return log.entries().stream().map(RecordingLogger.Entry::message).toList();
  }

  @Test
  void openReadWriteAndCloseAreLoggedAtDebugWithTheConnectionId() {
    Recorder recorder = new Recorder();
    StringTransport transport = new StringTransport();
    transport.makeConnection(new LoggingConnection(recorder, log, "#7", 64));

    transport.receive("hi\n");
    recorder.transport.write("ok");
    transport.reportDisconnect(new ConnectionDone("bye"));

    assertThat(levels()).containsOnly(Level.DEBUG);
    assertThat(lines()).hasSize(4);
    assertThat(lines().get(0)).startsWith("#7 open /127.0.0.1:54321");
    assertThat(lines().get(1)).isEqualTo("#7 read 3 bytes: 68 69 0a |hi.|");
    assertThat(lines().get(2)).isEqualTo("#7 write 2 bytes: 6f 6b |ok|");
    assertThat(lines().get(3)).startsWith("#7 closed: ").contains("bye");
    assertThat(recorder.all().utf8()).isEqualTo("hi\n");
    assertThat(transport.writtenUtf8()).isEqualTo("ok");
  }

  @Test
  void thePreviewIsTruncatedAtTheLimitAndSaysHowMuchIsLeft() {
    LoggingConnection connection = new LoggingConnection(new Recorder(), log, "#1", 4);
    ByteBuffer data = ByteBuffer.wrap("abcdefghij".getBytes());

    assertThat(connection.describe(data)).isEqualTo("10 bytes: 61 62 63 64 |abcd| ... (6 more)");
    assertThat(data.position()).isZero();
  }

  @Test
  void aZeroPreviewLogsLengthsOnly() {
    LoggingConnection connection = new LoggingConnection(new Recorder(), log, "#1", 0);
    assertThat(connection.describe(ByteBuffer.wrap(new byte[5]))).isEqualTo("5 bytes");
  }

  @Test
  void theFactoryNumbersItsConnections() {
    TrafficLoggingFactory factory =
        TrafficLoggingFactory.builder(peer -> new Recorder()).previewBytes(8).build();
    StringTransport first = new StringTransport();
    first.makeConnection(factory.buildProtocol(first.peerAddress()));
    StringTransport second = new StringTransport();
    second.makeConnection(factory.buildProtocol(second.peerAddress()));

    assertThat(((LoggingConnection) first.protocol().orElseThrow()).id()).isEqualTo("#1");
    assertThat(((LoggingConnection) second.protocol().orElseThrow()).id()).isEqualTo("#2");
    assertThat(factory.previewBytes()).isEqualTo(8);
    assertThat(TrafficLoggingFactory.DEFAULT_PREVIEW_BYTES).isEqualTo(64);
    second.receive("passes through");
  }
}
