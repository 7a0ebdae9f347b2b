package dev.braid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps a page of documentation honest: every {@code ```java} block of a Markdown page must be a
 * run of lines of one of the given source trees, as it is there (the block may be indented less
 * than the source, by the same amount on every line). A test calls {@link #check} with the page and
 * the trees its code comes from; when a block stops matching, the failure shows it.
 *
 * <pre>{@code
 * QuotedCode.check(docs.resolve("tutorial.md"), 5, module.resolve("src"));
 * }</pre>
 */
public final class QuotedCode {
  private QuotedCode() {}

  /**
   * Checks that {@code page} has more than {@code minBlocks} Java blocks and that each is quoted
   * from a {@code .java} file under one of {@code sources}.
   */
  public static void check(Path page, int minBlocks, Path... sources) {
    List<List<String>> blocks;
    List<List<String>> files = new ArrayList<>();
    try {
      blocks = javaBlocks(Files.readAllLines(page));
      for (Path root : sources) {
        try (Stream<Path> walk = Files.walk(root)) {
          for (Path file : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
            files.add(Files.readAllLines(file));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(blocks).as("java blocks in " + page).hasSizeGreaterThan(minBlocks);
    for (List<String> block : blocks) {
      assertThat(files.stream().anyMatch(source -> contains(source, block)))
          .as(
              "this block of %s is not in %s:%n%s",
              page, List.of(sources), String.join("\n", block))
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
