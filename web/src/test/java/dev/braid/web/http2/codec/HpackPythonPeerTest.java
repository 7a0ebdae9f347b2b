package dev.braid.web.http2.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Braid's HPACK against a real peer no one here wrote: Python's {@code hpack} (Debian's
 * python3-hpack) decodes what Braid's encoder writes for every raw story of the test vectors, and
 * Braid's decoder decodes what Python's encoder writes. Each story is one compression context on
 * both sides.
 */
@BraidTest
class HpackPythonPeerTest {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * Reads lines "story hex-block" (decode) or "story name:value,..." in hex (encode), one context
   * per story, and prints one line per input line.
   */
  private static final String SCRIPT =
      """
      import sys, hpack
      mode = sys.argv[1]
      coders = {}
      for line in sys.stdin:
          story, data = line.split()
          if mode == "decode":
              d = coders.setdefault(story, hpack.Decoder())
              d.max_header_list_size = 1 << 30
              fields = d.decode(bytes.fromhex(data), raw=True)
              print(",".join(n.hex() + ":" + v.hex() for n, v in fields) or "-")
          else:
              e = coders.setdefault(story, hpack.Encoder())
              fields = [tuple(bytes.fromhex(x) for x in f.split(":")) for f in data.split(",")]
              print(e.encode(fields, huffman=True).hex())
      """;

  @Test
  void pythonDecodesWhatBraidEncodesAndBraidDecodesWhatPythonEncodes() throws Exception {
    List<String> stories = new ArrayList<>();
    List<List<HeaderField>> expected = new ArrayList<>();
    StringBuilder blocks = new StringBuilder();
    StringBuilder lists = new StringBuilder();
    for (Path story : HpackTestCaseTest.stories(HpackTestCaseTest.CORPUS.resolve("raw-data"))) {
      String name = story.getFileName().toString();
      HpackEncoder encoder = new HpackEncoder();
      for (HpackTestCaseTest.Case c : HpackTestCaseTest.read(story)) {
        stories.add(name);
        expected.add(c.headers());
        blocks.append(name).append(' ').append(encoder.encode(c.headers()).hex()).append('\n');
        lists.append(name).append(' ').append(pairs(c.headers())).append('\n');
      }
    }

    List<String> decoded = python("decode", blocks.toString());
    assertThat(decoded).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(decoded.get(i)).as("Python decoding case %d", i).isEqualTo(pairs(expected.get(i)));
    }

    List<String> encoded = python("encode", lists.toString());
    assertThat(encoded).hasSameSizeAs(expected);
    Map<String, HpackDecoder> decoders = new HashMap<>();
    for (int i = 0; i < expected.size(); i++) {
      HpackDecoder decoder =
          decoders.computeIfAbsent(stories.get(i), s -> new HpackDecoder(4096, Integer.MAX_VALUE));
      ByteString block = ByteString.of(HEX.parseHex(encoded.get(i)));
      assertThat(decoder.decode(block))
          .as("Braid decoding Python's case %d", i)
          .isEqualTo(expected.get(i));
    }
  }

  private static List<String> python(String mode, String input) throws Exception {
    RealPeer.Result result =
        RealPeer.command("/usr/bin/python3", "-c", SCRIPT, mode)
            .debianPackage("python3-hpack")
            .input(input)
            .separateStderr()
            .run(Duration.ofSeconds(60))
            .assertExit(0);
    return result.out().lines().toList();
  }

  private static String pairs(List<HeaderField> fields) {
    if (fields.isEmpty()) {
      return "-";
    }
    List<String> out = new ArrayList<>();
    for (HeaderField f : fields) {
      out.add(hex(f.name()) + ":" + hex(f.value()));
    }
    return String.join(",", out);
  }

  private static String hex(String octets) {
    return HEX.formatHex(octets.getBytes(StandardCharsets.ISO_8859_1));
  }
}
