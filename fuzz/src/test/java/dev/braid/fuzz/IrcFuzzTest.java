package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.irc.codec.IrcLimits;
import dev.braid.irc.codec.IrcMessage;
import dev.braid.irc.codec.IrcParser;
import dev.braid.irc.codec.IrcProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link IrcParser} with small limits (64-byte lines, 48 bytes of tags, 6 parameters), so
 * the fuzzer reaches every limit. Oracles: only {@link IrcProtocolException} escapes; the same
 * messages and error whatever the chunking; no CR, LF or NUL in any part of a message; and each
 * message that fits the limits when written back parses to itself.
 */
@dev.braid.testing.BraidTest
class IrcFuzzTest {
  private static final IrcLimits LIMITS = new IrcLimits(64, 48, 6);

  @FuzzTest
  void messagesAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, IrcFuzzTest::parse);
          for (Object parsed : outcome.messages()) {
            IrcMessage m = (IrcMessage) parsed;
            assertThat(m.params()).hasSizeLessThanOrEqualTo(LIMITS.maxParams());
            ByteString line = m.encode();
            String text = line.utf8();
            assertThat(text.indexOf('\n')).as("one line").isEqualTo(text.length() - 1);
            assertThat(text).doesNotContain("\0");
            try {
              assertThat(IrcParser.parseLine(line.substring(0, line.size() - 2), LIMITS))
                  .as("parse(encode(x))")
                  .contains(m);
            } catch (IrcProtocolException e) {
              // written back longer than the limits (an escaped tag, U+FFFD for a bad byte)
              assertThat(e.reason()).isNotEqualTo(IrcProtocolException.Reason.MALFORMED);
            }
          }
        });
  }

  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    IrcParser parser = new IrcParser(LIMITS);
    List<Object> messages = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        parser.feed(chunk, messages::add);
      }
    } catch (IrcProtocolException e) {
      return new Harness.Outcome(messages, e.reason() + ": " + e.getMessage(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(messages, null, parser.bufferedBytes());
  }
}
