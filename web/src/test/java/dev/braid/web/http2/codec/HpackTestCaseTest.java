package dev.braid.web.http2.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Braid's HPACK against the public test vectors (src/test/hpack-test-case, see its ABOUT.md): every
 * implementation's encoding of every story decodes to the story's headers, and every raw story
 * survives Braid's encoder then decoder, with and without Huffman.
 */
@BraidTest
class HpackTestCaseTest {
  static final Path CORPUS =
      Path.of(System.getProperty("braid.hpackTestCase", "src/test/hpack-test-case"));

  /** One case of a story: the table size set before it (or -1), the wire, the headers. */
  record Case(long tableSize, ByteString wire, List<HeaderField> headers) {}

  @Test
  void everyImplementationsEncodingDecodesToTheStorysHeaders() throws IOException {
    List<Path> folders = folders().filter(f -> !f.endsWith("raw-data")).toList();
    assertThat(folders).as("implementation folders in %s", CORPUS).hasSizeGreaterThan(5);
    int cases = 0;
    for (Path folder : folders) {
      for (Path story : stories(folder)) {
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        for (Case c : read(story)) {
          if (c.tableSize() >= 0) {
            decoder.setMaxTableSize((int) c.tableSize());
          }
          assertThat(plain(decoder.decode(c.wire())))
              .as("%s case %d", story, cases)
              .isEqualTo(c.headers());
          cases++;
        }
      }
    }
    assertThat(cases).as("cases decoded").isGreaterThan(10_000);
  }

  @Test
  void everyRawStoryRoundTripsThroughTheEncoderWithAndWithoutHuffman() throws IOException {
    int cases = 0;
    long huffmanOctets = 0;
    long plainOctets = 0;
    for (Path story : stories(CORPUS.resolve("raw-data"))) {
      List<Case> story1 = read(story);
      for (boolean huffman : new boolean[] {true, false}) {
        HpackEncoder encoder = new HpackEncoder(4096, huffman);
        HpackDecoder decoder = new HpackDecoder(4096, Integer.MAX_VALUE);
        for (Case c : story1) {
          ByteString wire = encoder.encode(c.headers());
          if (huffman) {
            huffmanOctets += wire.size();
          } else {
            plainOctets += wire.size();
          }
          assertThat(decoder.decode(wire))
              .as("%s, huffman %s", story, huffman)
              .isEqualTo(c.headers());
          cases++;
        }
      }
    }
    assertThat(cases).isGreaterThan(3000);
    assertThat(huffmanOctets).as("Huffman makes the stories smaller").isLessThan(plainOctets);
  }

  private static List<HeaderField> plain(List<HeaderField> fields) {
    return fields.stream().map(f -> new HeaderField(f.name(), f.value())).toList();
  }

  private static Stream<Path> folders() throws IOException {
    if (!Files.isDirectory(CORPUS.resolve("raw-data"))) {
      throw new AssertionError(
          "the HPACK test vectors are missing: expected "
              + CORPUS.toAbsolutePath()
              + "/raw-data (set -Dbraid.hpackTestCase to another copy)");
    }
    try (Stream<Path> list = Files.list(CORPUS)) {
      return list.filter(Files::isDirectory).sorted().toList().stream();
    }
  }

  static List<Path> stories(Path folder) throws IOException {
    try (Stream<Path> list = Files.list(folder)) {
      List<Path> stories = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
      assertThat(stories).as("stories in %s", folder).isNotEmpty();
      return stories;
    }
  }

  @SuppressWarnings("unchecked")
  static List<Case> read(Path story) throws IOException {
    Map<String, Object> json =
        (Map<String, Object>) new Json(Files.readString(story, StandardCharsets.UTF_8)).value();
    List<Case> cases = new ArrayList<>();
    for (Object o : (List<Object>) json.get("cases")) {
      Map<String, Object> c = (Map<String, Object>) o;
      List<HeaderField> headers = new ArrayList<>();
      for (Object h : (List<Object>) c.get("headers")) {
        for (Map.Entry<String, Object> e : ((Map<String, Object>) h).entrySet()) {
          headers.add(new HeaderField(octets(e.getKey()), octets((String) e.getValue())));
        }
      }
      Object size = c.get("header_table_size");
      Object wire = c.get("wire");
      cases.add(
          new Case(
              size == null ? -1 : ((Number) size).longValue(),
              wire == null
                  ? ByteString.EMPTY
                  : ByteString.of(HexFormat.of().parseHex((String) wire)),
              headers));
    }
    return cases;
  }

  /** The UTF-8 octets of JSON text, one char per octet, as {@link HeaderField} holds them. */
  private static String octets(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** Just enough JSON for the test vectors: objects, arrays, strings, integers, literals. */
  private static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        while (true) {
          skipSpace();
          if (text.charAt(at) == '}') {
            at++;
            return object;
          }
          String key = string();
          skipSpace();
          expect(':');
          object.put(key, value());
          skipSpace();
          if (text.charAt(at) == ',') {
            at++;
          }
        }
      }
      if (c == '[') {
        List<Object> array = new ArrayList<>();
        at++;
        while (true) {
          skipSpace();
          if (text.charAt(at) == ']') {
            at++;
            return array;
          }
          array.add(value());
          skipSpace();
          if (text.charAt(at) == ',') {
            at++;
          }
        }
      }
      if (c == '"') {
        return string();
      }
      for (String word : new String[] {"null", "true", "false"}) {
        if (text.startsWith(word, at)) {
          at += word.length();
          return word.equals("null") ? null : Boolean.valueOf(word);
        }
      }
      int start = at;
      while (at < text.length() && "-+.eE0123456789".indexOf(text.charAt(at)) >= 0) {
        at++;
      }
      if (start == at) {
        throw new IllegalArgumentException("unexpected JSON at " + at + ": " + c);
      }
      return Long.parseLong(text.substring(start, at));
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = text.charAt(at++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char e = text.charAt(at++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> out.append(e);
        }
      }
    }

    private void expect(char c) {
      if (text.charAt(at) != c) {
        throw new IllegalArgumentException("expected " + c + " at " + at);
      }
      at++;
    }

    private void skipSpace() {
      while (Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
