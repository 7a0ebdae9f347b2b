package dev.braid.pb.banana;

import dev.braid.bytes.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a file of bytes Twisted wrote ({@code pb/*_vectors.txt}: name, tab, hex per line). */
public final class TwistedVectors {
  private TwistedVectors() {}

  /** The vectors of {@code pb/name}, by name, in file order. */
  public static Map<String, ByteString> read(String name) throws IOException {
    Map<String, ByteString> vectors = new LinkedHashMap<>();
    try (InputStream in = TwistedVectors.class.getResourceAsStream("/pb/" + name)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String[] parts = line.split("\t");
        vectors.put(parts[0], ByteString.wrapOwned(HexFormat.of().parseHex(parts[1])));
      }
    }
    return vectors;
  }
}
