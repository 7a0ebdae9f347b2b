package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.web.http2.codec.HeaderField;
import dev.braid.web.http2.codec.HpackDecoder;
import dev.braid.web.http2.codec.HpackEncoder;
import dev.braid.web.http2.codec.Http2Exception;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link HpackDecoder}. The first input byte says where the first of two field blocks ends
 * (modulo the length); the two blocks share one dynamic table. Oracles: only {@link Http2Exception}
 * escapes; the header list stays within its limit; and what decodes, encoded again by {@link
 * HpackEncoder} (with and without Huffman), decodes to the same fields, never-indexed ones
 * included.
 */
@dev.braid.testing.BraidTest
class HpackFuzzTest {
  private static final int MAX_LIST = 8192;

  @FuzzTest
  void blocksThatDecodeRoundTripThroughTheEncoder(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int cut = 1 + (input[0] & 0xff) % input.length;
    ByteString all = ByteString.of(input);
    List<ByteString> blocks = List.of(all.substring(1, cut), all.substring(cut, input.length));
    Harness.timed(
        input,
        () -> {
          HpackDecoder decoder = new HpackDecoder(4096, MAX_LIST);
          List<List<HeaderField>> lists = new ArrayList<>();
          try {
            for (ByteString block : blocks) {
              List<HeaderField> fields = decoder.decode(block);
              assertThat(fields.stream().mapToLong(HeaderField::size).sum())
                  .as("header list size")
                  .isLessThanOrEqualTo(MAX_LIST);
              lists.add(fields);
            }
          } catch (Http2Exception e) {
            assertThat(e.isConnectionError()).as("HPACK errors end the connection").isTrue();
          }
          for (boolean huffman : new boolean[] {true, false}) {
            HpackEncoder encoder = new HpackEncoder(4096, huffman);
            HpackDecoder again = new HpackDecoder(4096, MAX_LIST);
            for (List<HeaderField> fields : lists) {
              try {
                assertThat(again.decode(encoder.encode(fields)))
                    .as("decode(encode(x))")
                    .isEqualTo(fields);
              } catch (Http2Exception e) {
                throw new AssertionError(
                    "the encoder's block did not decode: " + e.getMessage(), e);
              }
            }
          }
        });
  }
}
