package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.web.http2.codec.Http2Exception;
import dev.braid.web.http2.codec.Http2Frame;
import dev.braid.web.http2.codec.Http2FrameEncoder;
import dev.braid.web.http2.codec.Http2FrameParser;
import dev.braid.web.http2.codec.Http2FrameParser.Side;
import dev.braid.web.http2.codec.Http2Limits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fuzzes {@link Http2FrameParser}. The first input byte picks the side (even: a server reading a
 * client, so the preface comes first; odd: a client); the rest is the byte stream. Oracles: only
 * {@link Http2Exception} escapes; the same frames, stream errors and connection error whatever the
 * chunking; every byte is accounted for; and each frame, written back by {@link Http2FrameEncoder},
 * parses to itself.
 */
@dev.braid.testing.BraidTest
class Http2FrameFuzzTest {
  private static final Http2Limits LIMITS =
      Http2Limits.DEFAULT.withMaxFieldBlockSize(4096).withMaxContinuationFrames(8);
  private static final ByteString EMPTY_SETTINGS =
      Http2FrameEncoder.encode(new Http2Frame.Settings(false, List.of()));

  @FuzzTest
  void framesAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    if (input.length == 0) {
      return;
    }
    Side side = (input[0] & 1) == 0 ? Side.SERVER : Side.CLIENT;
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(data, chunks -> parse(chunks, side));
          for (Object event : outcome.messages()) {
            if (event instanceof Http2Frame frame) {
              ByteString start =
                  side == Side.SERVER
                      ? Http2FrameParser.PREFACE.concat(EMPTY_SETTINGS)
                      : EMPTY_SETTINGS;
              ByteString encoded =
                  start.concat(Http2FrameEncoder.encode(frame, LIMITS.maxFrameSize()));
              Harness.Outcome again = parse(List.of(ByteBuffer.wrap(encoded.toByteArray())), side);
              assertThat(again.error()).as("error re-parsing the encoded frame").isNull();
              assertThat(again.messages()).as("parse(encode(x))").last().isEqualTo(frame);
            }
          }
        });
  }

  private static Harness.Outcome parse(List<ByteBuffer> chunks, Side side) {
    Http2FrameParser parser = new Http2FrameParser(side, LIMITS);
    List<Object> events = new ArrayList<>();
    for (ByteBuffer chunk : chunks) {
      while (chunk.hasRemaining()) {
        int before = chunk.remaining();
        try {
          Optional<Http2Frame> frame = parser.next(chunk);
          if (frame.isEmpty()) {
            assertThat(chunk.hasRemaining()).as("no frame: every byte taken").isFalse();
          }
          frame.ifPresent(events::add);
        } catch (Http2Exception e) {
          if (e.isConnectionError()) {
            return new Harness.Outcome(events, e.error() + ": " + e.getMessage(), -1);
          }
          events.add("stream " + e.streamId() + " " + e.error());
        }
        assertThat(chunk.remaining()).as("progress").isLessThan(before);
      }
    }
    assertThat(parser.bufferedBytes())
        .as("held bytes stay within one frame and one field block")
        .isLessThanOrEqualTo(24 + 9 + LIMITS.maxFrameSize() + LIMITS.maxFieldBlockSize());
    Harness.allRead(chunks);
    return new Harness.Outcome(events, null, parser.bufferedBytes());
  }
}
