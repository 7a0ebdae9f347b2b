package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.amp.AmpBox;
import dev.braid.amp.AmpBoxParser;
import dev.braid.amp.AmpLimits;
import dev.braid.amp.AmpParseException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Fuzzes {@link AmpBoxParser}, the sans-IO layer of AMP, with small limits. */
@dev.braid.testing.BraidTest
class AmpBoxFuzzTest {
  private static final AmpLimits LIMITS = new AmpLimits(16, 4096);

  @FuzzTest
  void boxesAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome = Harness.sameWhateverTheChunks(input, AmpBoxFuzzTest::parse);
          long framed = 0;
          for (Object message : outcome.messages()) {
            AmpBox box = (AmpBox) message;
            assertThat(box.size()).isLessThanOrEqualTo(LIMITS.maxKeysPerBox());
            framed += box.encodedSize();
            assertThat(parse(List.of(box.encode())).messages())
                .as("parse(encode(x))")
                .containsExactly(box);
          }
          if (outcome.error() == null) {
            assertThat(framed + outcome.buffered()).isEqualTo(input.length);
          }
        });
  }

  /** "Buffered" here is the bytes after the last whole box: the parser holds them. */
  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    AmpBoxParser parser = new AmpBoxParser(LIMITS);
    List<Object> boxes = new ArrayList<>();
    long total = 0;
    long consumedByBoxes = 0;
    try {
      for (ByteBuffer chunk : chunks) {
        total += chunk.remaining();
        while (chunk.hasRemaining()) {
          Optional<AmpBox> box = parser.next(chunk);
          if (box.isPresent()) {
            boxes.add(box.get());
            consumedByBoxes = total - chunk.remaining();
          }
        }
      }
    } catch (AmpParseException e) {
      return new Harness.Outcome(boxes, e.getClass().getSimpleName(), -1);
    }
    Harness.allRead(chunks);
    assertThat(parser.inBox()).isEqualTo(total > consumedByBoxes);
    return new Harness.Outcome(boxes, null, total - consumedByBoxes);
  }
}
