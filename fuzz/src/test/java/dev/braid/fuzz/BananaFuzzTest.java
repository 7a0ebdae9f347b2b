package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.pb.banana.BananaEncoder;
import dev.braid.pb.banana.BananaException;
import dev.braid.pb.banana.BananaItem;
import dev.braid.pb.banana.BananaLimits;
import dev.braid.pb.banana.BananaParser;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fuzzes {@link BananaParser}, PB's token layer, in the pb dialect with small limits. */
@dev.braid.testing.BraidTest
class BananaFuzzTest {
  private static final BananaLimits LIMITS =
      BananaLimits.defaults()
          .withMaxStringLength(1024)
          .withMaxDepth(16)
          .withMaxExpressionBytes(4096)
          .withMaxItems(512);

  @FuzzTest
  void expressionsAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, BananaFuzzTest::parse);
          BananaEncoder encoder = new BananaEncoder();
          for (Object message : outcome.messages()) {
            BananaItem item = (BananaItem) message;
            assertThat(parse(List.of(encoder.encode(item, true))).messages())
                .as("parse(encode(x))")
                .containsExactly(item);
          }
          if (outcome.error() == null) {
            assertThat(outcome.buffered()).isLessThanOrEqualTo(LIMITS.maxExpressionBytes());
          }
        });
  }

  /** "Buffered" is what the parser says it holds of an unfinished expression. */
  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    BananaParser parser = new BananaParser(LIMITS);
    parser.useVocabulary();
    List<Object> items = new ArrayList<>();
    try {
      for (ByteBuffer chunk : chunks) {
        while (chunk.hasRemaining()) {
          Optional<BananaItem> item = parser.next(chunk);
          item.ifPresent(items::add);
        }
      }
    } catch (BananaException e) {
      return new Harness.Outcome(items, e.getClass().getSimpleName(), -1);
    }
    Harness.allRead(chunks);
    return new Harness.Outcome(items, null, parser.bufferedBytes());
  }
}
