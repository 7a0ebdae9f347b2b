package dev.braid.mail.smtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.protocols.LineParser;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ProtocolFeeder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DATA reader: dot-unstuffing, the end only at CRLF.CRLF, bare CR/LF refused, the size. */
@BraidTest
class MessageReaderTest {
  /** What reading {@code input} gives: the message, "too big", or the error, and what is left. */
  private static List<String> read(ByteString input, long maxSize) {
    return ProtocolFeeder.everyWay()
        .sameResult(
            input,
            split -> {
              LineParser lines = new LineParser(1000, ByteString.ascii("\r\n"));
              MessageReader reader = new MessageReader(maxSize);
              List<String> out = new ArrayList<>();
              List<ByteString> after = new ArrayList<>();
              split.feed(
                  chunk ->
                      lines.feed(
                          chunk,
                          line -> {
                            if (!out.isEmpty()) {
                              after.add(line);
                              return;
                            }
                            try {
                              if (!reader.line(line)) {
                                out.add(reader.tooBig() ? "too big" : reader.message().utf8());
                              }
                            } catch (BareLineEndingException e) {
                              out.add("refused: " + e.reply().lines().getFirst());
                            }
                          }));
              for (ByteString line : after) {
                out.add("after: " + line.utf8());
              }
              return out;
            });
  }

  @Test
  void aMessageEndsAtTheDotLineAndStuffedDotsAreRemoved() {
    assertThat(read(ByteString.ascii("Subject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n"), 1000))
        .containsExactly("Subject: x\r\n\r\n.dot\r\n", "after: QUIT");
  }

  @Test
  void anEmptyMessageIsJustTheDot() {
    assertThat(read(ByteString.ascii(".\r\n"), 10)).containsExactly("");
  }

  @Test
  void aBareLfDotIsRefusedAsSmuggling() {
    assertThat(read(ByteString.ascii("body\n.\nMAIL FROM:<evil@x>\r\n.\r\n"), 1000))
        .first()
        .asString()
        .startsWith("refused: 500 5.5.2 Bare LF");
    assertThat(read(ByteString.ascii("body\r\n.\nMAIL FROM:<evil@x>\r\n.\r\n"), 1000))
        .first()
        .asString()
        .startsWith("refused: 500 5.5.2 Bare LF");
  }

  @Test
  void aBareCrIsRefusedToo() {
    assertThat(read(ByteString.ascii("body\r.\rmore\r\n.\r\n"), 1000))
        .first()
        .asString()
        .startsWith("refused: 500 5.5.2 Bare CR");
  }

  @Test
  void theSizeIsCountedWhileReadingAndTheRestIsThrownAway() {
    assertThat(read(ByteString.ascii("12345678\r\n12345678\r\n.\r\nNOOP\r\n"), 15))
        .containsExactly("too big", "after: NOOP");
    assertThat(read(ByteString.ascii("12345678\r\n.\r\n"), 10)).containsExactly("12345678\r\n");
  }

  @Test
  void theReaderCountsOctetsNotStuffingDots() throws Exception {
    MessageReader reader = new MessageReader(100);
    assertThat(reader.line(ByteString.ascii("..x"))).isTrue();
    assertThat(reader.size()).isEqualTo(4);
    assertThat(reader.line(ByteString.ascii("."))).isFalse();
    assertThatThrownBy(() -> reader.line(ByteString.ascii("y")))
        .isInstanceOf(IllegalStateException.class);
  }
}
