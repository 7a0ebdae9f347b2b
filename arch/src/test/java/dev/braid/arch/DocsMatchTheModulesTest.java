package dev.braid.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's module table, docs/architecture.md's module table and the README's list of docs say
 * what is really there: the root pom's modules and the pages in {@code docs/}; and no page cites a
 * Markdown file the repository does not have.
 */
class DocsMatchTheModulesTest {
  private static final Path ROOT = findRoot();

  private static Path findRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no mvnw above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path));
  }

  private static Set<String> all(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** The text of the section under {@code heading}, up to the next heading of the same level. */
  private static String section(String text, String heading) {
    int start = text.indexOf("\n" + heading + "\n");
    assertThat(start).as("section %s", heading).isNotNegative();
    int end = text.indexOf("\n## ", start + heading.length() + 1);
    return text.substring(start, end < 0 ? text.length() : end);
  }

  private static Set<String> modules() throws IOException {
    return all(Pattern.compile("<module>([^<]+)</module>"), read("pom.xml"));
  }

  @Test
  void theReadmeModuleTableListsEveryModuleOfTheBuild() throws IOException {
    String table = section(read("README.md"), "## What is here");
    assertThat(all(Pattern.compile("(?m)^\\| `([a-z-]+)` \\|"), table))
        .containsExactlyInAnyOrderElementsOf(modules());
  }

  @Test
  void theArchitectureModuleTableListsEveryModuleOfTheBuild() throws IOException {
    String table = section(read("docs/architecture.md"), "## Modules and packages");
    assertThat(all(Pattern.compile("(?m)^\\| `([a-z-]+)` \\| `braid-"), table))
        .containsExactlyInAnyOrderElementsOf(modules());
  }

  @Test
  void theReadmeListsEveryPageOfTheDocs() throws IOException {
    Set<String> pages = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).forEach(pages::add);
    }
    String docs = section(read("README.md"), "## Docs");
    assertThat(all(Pattern.compile("\\]\\(docs/([^)#]+\\.md)"), docs))
        .containsExactlyInAnyOrderElementsOf(pages);
  }

  @Test
  void everyMarkdownFileAPageCitesIsInTheRepository() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    Pattern link = Pattern.compile("\\]\\(([^)#:\\s]+\\.md)(#[^)]*)?\\)");
    Pattern cited = Pattern.compile("`([\\w./-]+\\.md)`");
    List<String> missing = new ArrayList<>();
    for (Path page : pages) {
      String text = Files.readString(page);
      for (String target : all(link, text)) {
        if (!Files.isRegularFile(page.getParent().resolve(target))) {
          missing.add(ROOT.relativize(page) + " links to " + target);
        }
      }
      for (String name : all(cited, text)) {
        boolean found =
            Files.isRegularFile(ROOT.resolve(name))
                || Files.isRegularFile(page.getParent().resolve(name))
                || name.equals("summary.md"); // the name of the file the bench harness writes
        if (!found) {
          missing.add(ROOT.relativize(page) + " cites " + name);
        }
      }
    }
    assertThat(missing).isEmpty();
  }
}
