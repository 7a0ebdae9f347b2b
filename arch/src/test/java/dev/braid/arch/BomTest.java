package dev.braid.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code braid-bom} names every published module, at the build's version, and nothing else; a
 * module is published unless its pom skips its Javadoc jar ({@code maven.javadoc.skip}), as the
 * tests-only modules do. docs/getting-started.md's table of artifacts lists the same.
 */
class BomTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern VERSION =
      Pattern.compile("<artifactId>braid-parent</artifactId>\\s*<version>([^<]+)</version>");

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path));
  }

  private static Set<String> published() throws IOException {
    Set<String> artifacts = new TreeSet<>();
    Matcher m = MODULE.matcher(read("pom.xml"));
    while (m.find()) {
      String module = m.group(1);
      String pom = read(module + "/pom.xml");
      if (!module.equals("bom") && !pom.contains("<maven.javadoc.skip>true</maven.javadoc.skip>")) {
        artifacts.add("braid-" + module);
      }
    }
    return artifacts;
  }

  @Test
  void theBomNamesEveryPublishedModuleAtTheBuildsVersion() throws IOException {
    String bom = read("bom/pom.xml");
    Matcher version = VERSION.matcher(read("pom.xml"));
    assertThat(version.find()).isTrue();
    assertThat(bom)
        .contains("<artifactId>braid-bom</artifactId>\n  <version>" + version.group(1) + "<");

    Set<String> named = new TreeSet<>();
    Matcher dependency =
        Pattern.compile(
                "<groupId>dev\\.braid</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*"
                    + "<version>\\$\\{project\\.version}</version>")
            .matcher(bom);
    while (dependency.find()) {
      named.add(dependency.group(1));
    }
    assertThat(named).isEqualTo(published()).contains("braid-core", "braid-testing");
    assertThat(bom).doesNotContain("<parent>");
  }

  @Test
  void gettingStartedListsThePublishedArtifacts() throws IOException {
    Set<String> listed = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| (`braid-[a-z-]+`(?:, `braid-[a-z-]+`)*) \\|")
            .matcher(read("docs/getting-started.md"));
    while (row.find()) {
      for (String name : row.group(1).split(", ")) {
        listed.add(name.replace("`", ""));
      }
    }
    assertThat(listed).isEqualTo(published());
  }
}
