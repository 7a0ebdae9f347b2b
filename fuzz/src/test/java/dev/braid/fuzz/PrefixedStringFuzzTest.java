package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.protocols.LengthLimitExceededException;
import dev.braid.protocols.PrefixedStringParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link PrefixedStringParser} (Int8/16/32StringReceiver). The first input byte picks the
 * prefix size (1, 2 or 4); the rest is the stream.
 */
@dev.braid.testing.BraidTest
class PrefixedStringFuzzTest {
  private static final int MAX_LENGTH = 1000;

  private static int maxLength(int prefixSize) {
    return (int) Math.min(MAX_LENGTH, PrefixedStringParser.maxEncodableLength(prefixSize));
  }

  @FuzzTest
  void stringsAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int prefixSize = new int[] {1, 2, 4}[Math.floorMod(input[0], 3)];
    byte[] stream = java.util.Arrays.copyOfRange(input, 1, input.length);
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(stream, chunks -> parse(prefixSize, chunks));
          long framed = 0;
          for (Object message : outcome.messages()) {
            ByteString payload = (ByteString) message;
            assertThat(payload.size()).isLessThanOrEqualTo(MAX_LENGTH);
            framed += prefixSize + payload.size();
            ByteBuffer encoded = PrefixedStringParser.encode(prefixSize, payload);
            assertThat(parse(prefixSize, List.of(encoded)).messages())
                .as("parse(encode(x))")
                .containsExactly(payload);
          }
          if (outcome.error() == null) {
            assertThat(framed + outcome.buffered()).isEqualTo(stream.length);
          }
        });
  }

  private static Harness.Outcome parse(int prefixSize, List<ByteBuffer> chunks) {
    PrefixedStringParser parser = new PrefixedStringParser(prefixSize, maxLength(prefixSize));
    List<Object> strings = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        parser.feed(chunk, strings::add);
      }
    } catch (LengthLimitExceededException e) {
      return new Harness.Outcome(strings, e.getClass().getSimpleName(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(strings, null, parser.bufferedBytes());
  }
}
