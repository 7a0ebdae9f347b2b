package dev.braid.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps docs/tutorial.md and docs/testing.md honest: their Java code is this module's, as is. */
@BraidTest
class TutorialTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path DOCS = MODULE.resolveSibling("docs");

  @Test
  void everyJavaBlockOfTheTutorialIsQuotedFromThisModule() throws IOException {
    checkQuoted(DOCS.resolve("tutorial.md"));
  }

  @Test
  void everyJavaBlockOfTheTestingGuideIsQuotedFromThisModule() throws IOException {
    checkQuoted(DOCS.resolve("testing.md"));
  }

  private static void checkQuoted(Path doc) throws IOException {
    List<List<String>> blocks = javaBlocks(Files.readAllLines(doc));
    List<List<String>> sources = new ArrayList<>();
    try (Stream<Path> files = Files.walk(MODULE.resolve("src"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        sources.add(Files.readAllLines(file));
      }
    }

    assertThat(blocks).as("java blocks in " + doc).hasSizeGreaterThan(5);
    for (List<String> block : blocks) {
      assertThat(sources.stream().anyMatch(source -> contains(source, block)))
          .as("this block of %s is not in examples/src:%n%s", doc, String.join("\n", block))
          .isTrue();
    }
  }

  private static List<List<String>> javaBlocks(List<String> markdown) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    for (String line : markdown) {
      if (current == null && line.strip().equals("```java")) {
        current = new ArrayList<>();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(current);
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  /** True when {@code block} is a run of lines of {@code source}, indented the same throughout. */
  private static boolean contains(List<String> source, List<String> block) {
    for (int at = 0; at + block.size() <= source.size(); at++) {
      if (matchesAt(source, block, at)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAt(List<String> source, List<String> block, int at) {
    String indent = null;
    for (int i = 0; i < block.size(); i++) {
      String quoted = block.get(i);
      String actual = source.get(at + i);
      if (quoted.isBlank()) {
        if (!actual.isBlank()) {
          return false;
        }
        continue;
      }
      if (indent == null) {
        if (!actual.endsWith(quoted)
            || !actual.substring(0, actual.length() - quoted.length()).isBlank()) {
          return false;
        }
        indent = actual.substring(0, actual.length() - quoted.length());
      }
      if (!actual.equals(indent + quoted)) {
        return false;
      }
    }
    return true;
  }
}
