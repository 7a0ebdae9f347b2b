package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.protocols.NetstringParseException;
import dev.braid.protocols.NetstringParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Fuzzes the strict {@link NetstringParser} ({@code 5:hello,}). */
@dev.braid.testing.BraidTest
class NetstringFuzzTest {
  private static final int MAX_LENGTH = 1000;

  @FuzzTest
  void netstringsAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, NetstringFuzzTest::parse);
          long framed = 0;
          for (Object message : outcome.messages()) {
            ByteString payload = (ByteString) message;
            assertThat(payload.size()).isLessThanOrEqualTo(MAX_LENGTH);
            framed += Integer.toString(payload.size()).length() + 2 + payload.size();
            assertThat(parse(List.of(NetstringParser.encode(payload))).messages())
                .as("parse(encode(x))")
                .containsExactly(payload);
          }
          if (outcome.error() == null) {
            assertThat(framed + outcome.buffered()).isEqualTo(input.length);
          }
        });
  }

  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    NetstringParser parser = new NetstringParser(MAX_LENGTH);
    List<Object> strings = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        parser.feed(chunk, strings::add);
      }
    } catch (NetstringParseException e) {
      return new Harness.Outcome(strings, e.getClass().getSimpleName(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(strings, null, parser.bufferedBytes());
  }
}
