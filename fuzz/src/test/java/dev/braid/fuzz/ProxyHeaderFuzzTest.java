package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.bytes.ByteString;
import dev.braid.protocols.proxy.ProxyHeader;
import dev.braid.protocols.proxy.ProxyHeaderParser;
import dev.braid.protocols.proxy.ProxyProtocolException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes {@link ProxyHeaderParser}, PROXY protocol v1 (text) and v2 (binary), told apart by the
 * first byte. Oracles: only {@link ProxyProtocolException} escapes; the same header, error and
 * left-over bytes whatever the chunking; the parser takes exactly the header's bytes ({@code
 * consumed}) and leaves the rest in the buffer; and {@code parse(header.encode())} gives back the
 * header, taking every encoded byte.
 */
@dev.braid.testing.BraidTest
class ProxyHeaderFuzzTest {
  private static final int MAX_V2 = 16 + 216 + 64;

  @FuzzTest
  void headersAreTheSameWhateverTheChunksAndRoundTrip(byte[] input) {
    Harness.timed(
        input,
        () -> {
          Harness.Outcome outcome =
              Harness.sameWhateverTheChunks(input, ProxyHeaderFuzzTest::parse);
          for (Object message : outcome.messages()) {
            ProxyHeaderParser.Parsed parsed = (ProxyHeaderParser.Parsed) message;
            assertThat(parsed.consumed() + outcome.buffered())
                .as("header bytes and the bytes after it")
                .isEqualTo(input.length);
            ProxyHeader header = parsed.header();
            if (header.version() == 1) {
              assertThat(parsed.consumed()).isLessThanOrEqualTo(ProxyHeaderParser.V1_MAX_LENGTH);
            } else {
              assertThat(parsed.consumed()).isEqualTo(header.encode().size());
            }
            ByteString encoded = header.encode();
            Harness.Outcome again = parse(List.of(ByteBuffer.wrap(encoded.toByteArray())));
            assertThat(again.error()).as("error re-parsing the encoded header").isNull();
            assertThat(again.messages())
                .as("parse(encode(x))")
                .containsExactly(new ProxyHeaderParser.Parsed(header, encoded.size()));
          }
        });
  }

  /** "Buffered" is the number of bytes left unread after the header. */
  private static Harness.Outcome parse(List<ByteBuffer> chunks) {
    ProxyHeaderParser parser = new ProxyHeaderParser(MAX_V2);
    List<Object> headers = new ArrayList<>();
    long taken = 0;
    long left = 0;
    try {
      for (ByteBuffer chunk : chunks) {
        int before = chunk.remaining();
        ProxyHeaderParser.Result result = parser.feed(chunk);
        taken += before - chunk.remaining();
        if (result instanceof ProxyHeaderParser.Parsed parsed) {
          if (headers.isEmpty()) {
            headers.add(parsed);
            assertThat((long) parsed.consumed()).as("bytes the parser took").isEqualTo(taken);
          } else {
            assertThat(headers).containsExactly(parsed);
          }
          left += chunk.remaining();
        } else {
          assertThat(chunk.hasRemaining()).as("bytes left while more input is needed").isFalse();
        }
      }
    } catch (ProxyProtocolException e) {
      return new Harness.Outcome(headers, e.getMessage(), -1);
    }
    return new Harness.Outcome(headers, null, headers.isEmpty() ? taken : left);
  }
}
