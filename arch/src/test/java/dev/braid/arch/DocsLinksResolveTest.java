package dev.braid.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/ goes to a file of the repository, every anchor ({@code
 * page.md#section}, {@code #section}) names a heading of its page as GitHub spells it, and no page
 * points at a path outside the repository.
 */
class DocsLinksResolveTest {
  private static final Path ROOT = findRoot();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern OUTSIDE =
      Pattern.compile("(?<![\\w.])((?:\\.\\./)+[\\w.-][\\w./-]*)");

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

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.walk(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The page's lines outside fenced code blocks. */
  private static List<String> prose(Path page) throws IOException {
    List<String> lines = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(page)) {
      if (line.stripLeading().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** The anchors GitHub gives the headings of a page (a repeated one gets -1, -2, ...). */
  static Set<String> anchors(List<String> lines) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : lines) {
      Matcher m = HEADING.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String text = m.group(1).replaceAll("\\[([^]]*)\\]\\([^)]*\\)", "$1");
      String slug =
          text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  @Test
  void githubAnchorsAreComputedAsGithubDoes() {
    assertThat(
            anchors(
                List.of(
                    "## 4a. Startup of the `braid` command",
                    "## 7. AMP calls per second",
                    "### Figures",
                    "### Figures")))
        .containsExactly(
            "4a-startup-of-the-braid-command", "7-amp-calls-per-second", "figures", "figures-1");
  }

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    Map<Path, Set<String>> anchorsOf = new HashMap<>();
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      for (String line : prose(page)) {
        Matcher m = LINK.matcher(line);
        while (m.find()) {
          String target = m.group(1);
          if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
            continue; // http:, https:, mailto:
          }
          int hash = target.indexOf('#');
          String file = hash < 0 ? target : target.substring(0, hash);
          Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
          String where = ROOT.relativize(page) + " links to " + target;
          if (!resolved.startsWith(ROOT)) {
            broken.add(where + ": outside the repository");
          } else if (!Files.exists(resolved)) {
            broken.add(where + ": no such file");
          } else if (hash >= 0) {
            Set<String> known =
                anchorsOf.computeIfAbsent(
                    resolved,
                    p -> {
                      try {
                        return anchors(prose(p));
                      } catch (IOException e) {
                        throw new IllegalStateException(e);
                      }
                    });
            if (!known.contains(target.substring(hash + 1))) {
              broken.add(where + ": no such heading in " + ROOT.relativize(resolved));
            }
          }
        }
      }
    }
    assertThat(broken).isEmpty();
  }

  @Test
  void noPagePointsAtAPathOutsideTheRepository() throws IOException {
    List<String> outside = new ArrayList<>();
    for (Path page : pages()) {
      int number = 0;
      for (String line : Files.readAllLines(page)) {
        number++;
        Matcher m = OUTSIDE.matcher(line);
        while (m.find()) {
          Path resolved = page.getParent().resolve(m.group(1)).normalize();
          if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
            outside.add(ROOT.relativize(page) + ":" + number + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(outside).isEmpty();
  }
}
