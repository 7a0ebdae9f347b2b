package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.protocols.LineParser;
import dev.braid.protocols.LineTooLongException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Fuzzes {@link LineParser} (used by LineReceiver and LineOnlyReceiver) with CRLF lines. */
@dev.braid.testing.BraidTest
class LineParserFuzzTest {
  private static final ByteString CRLF = ByteString.ascii("\r\n");
  private static final int MAX_LINE = 64;

  @FuzzTest
  void linesAreTheSameWhateverTheChunksAndAccountForEveryByte(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, LineParserFuzzTest::parse);
          if (outcome.error() == null) {
            long framed = 0;
            for (Object line : outcome.messages()) {
              ByteString bytes = (ByteString) line;
              assertThat(bytes.size()).isLessThanOrEqualTo(MAX_LINE);
              assertThat(Harness.latin1(bytes)).doesNotContain("\r\n");
              framed += bytes.size() + CRLF.size();
            }
            assertThat(framed + outcome.buffered()).isEqualTo(input.length);
          }
        });
  }

  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    LineParser parser = new LineParser(MAX_LINE, CRLF);
    List<Object> lines = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        parser.feed(chunk, lines::add);
      }
    } catch (LineTooLongException e) {
      return new Harness.Outcome(lines, e.getClass().getSimpleName() + "@" + e.lineStart(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(lines, null, parser.bufferedBytes());
  }
}
