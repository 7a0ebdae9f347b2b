package dev.braid.examples.gettingstarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/getting-started.md as a new user does. The page's {@code pom.xml} and Java files are
 * taken from the page and written to a fresh directory, and every command of its {@code sh} blocks
 * is run there as written, with {@code $BRAID} set to this checkout: the Maven ones offline,
 * against Braid's artifacts installed into this module's {@code target/local-repo}
 * (maven-invoker-plugin's {@code install}, standing in for {@code ./mvnw install}) with third-party
 * artifacts read from the user's repository ({@code maven.repo.local.tail}, read only); the servers
 * on a free port ({@code tcp:8000} becomes {@code tcp:0:interface=127.0.0.1}), talked to with LF
 * and CR LF lines, and stopped with SIGTERM.
 */
@BraidTest
class GettingStartedIT {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = MODULE.getParent();
  private static final Path PAGE = ROOT.resolve("docs/getting-started.md");
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```$");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern CLASS = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)");
  private static final Pattern ASSIGNMENTS = Pattern.compile("(?:[A-Z_]+=\\S*\\s+)*");
  private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;

  private record Block(String language, String text) {}

  private static List<Block> blocks() throws IOException {
    List<Block> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(Files.readString(PAGE));
    while (m.find()) {
      blocks.add(new Block(m.group(1), m.group(2)));
    }
    return blocks;
  }

  /** The page's pom.xml and Java files, where the page says to put them. */
  private static Map<Path, String> files(List<Block> blocks) {
    Map<Path, String> files = new java.util.LinkedHashMap<>();
    for (Block block : blocks) {
      if (block.language().equals("xml") && block.text().contains("<project")) {
        assertThat(files.put(Path.of("pom.xml"), block.text())).as("one pom.xml").isNull();
      } else if (block.language().equals("java")) {
        Matcher pkg = PACKAGE.matcher(block.text());
        Matcher type = CLASS.matcher(block.text());
        assertThat(pkg.find() && type.find())
            .as("a Java block of the page is a whole file: %s", block.text())
            .isTrue();
        String tree = type.group(1).endsWith("Test") ? "src/test/java" : "src/main/java";
        files.put(
            Path.of(tree, pkg.group(1).replace('.', '/'), type.group(1) + ".java"), block.text());
      }
    }
    return files;
  }

  /** The commands of the page's sh blocks, in order. */
  private static List<String> commands(List<Block> blocks) {
    return blocks.stream()
        .filter(b -> b.language().equals("sh"))
        .flatMap(b -> b.text().lines())
        .filter(line -> !line.isBlank() && !line.startsWith("#"))
        .toList();
  }

  /**
   * A command of the page, run by bash in {@code project} as the page's reader runs it, with the
   * JDK this test runs on first on the PATH and Maven offline against the installed artifacts.
   */
  private static RealPeer.Command shell(Path project, String command) {
    // exec: the process is the command itself, so SIGTERM reaches it (after any VAR=value).
    Matcher assignments = ASSIGNMENTS.matcher(command);
    assignments.lookingAt();
    String jdk = System.getProperty("java.home");
    return RealPeer.command(
            "bash", "-c", assignments.group() + "exec " + command.substring(assignments.end()))
        .directory(project)
        .environment("JAVA_HOME", jdk)
        .environment(
            "PATH",
            Path.of(jdk, "bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
        .environment(
            "MAVEN_ARGS",
            String.join(
                " ",
                "-B",
                "-q",
                "-o",
                "-Dmaven.repo.local=" + System.getProperty("braid.local.repo"),
                "-Dmaven.repo.local.tail=" + System.getProperty("braid.user.repo")))
        .environment("MAVEN_OPTS", "")
        .environment("BRAID", ROOT.toString())
        .environment("BRAID_NO_AOT", "1");
  }

  /** Runs a command of the page to its end; fails with its output unless it exits 0. */
  private static void runToEnd(Path project, String command) throws Exception {
    shell(project, command).run(Duration.ofMinutes(5)).assertExit(0);
  }

  /** Starts a server command of the page on a free port, and talks to it as nc would. */
  private static void serve(Path project, String command) throws Exception {
    assertThat(command).as("the page's servers listen on tcp:8000").contains(" tcp:8000");
    RealPeer server =
        shell(project, command.replace(" tcp:8000", " tcp:0:interface=127.0.0.1")).start();
    Matcher where =
        PORT.matcher(server.awaitLine(l -> PORT.matcher(l).find(), Duration.ofSeconds(60)));
    assertThat(where.find()).isTrue();
    try (Socket client = new Socket("127.0.0.1", Integer.parseInt(where.group(1)))) {
      client.setSoTimeout(30_000);
      OutputStream out = client.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      out.write("hello from nc\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HELLO FROM NC");
      out.write("and from telnet\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("AND FROM TELNET");
    }
    server.terminate();
    assertThat(server.exitsWithin(Duration.ofSeconds(30)))
        .as("%s stopped on SIGTERM", command)
        .isTrue();
  }

  @Test
  void thePagesProjectBuildsTestsAndServesAsThePageSays() throws Exception {
    List<Block> blocks = blocks();
    Path project = Files.createDirectories(dir.resolve("shout"));
    Map<Path, String> files = files(blocks);
    assertThat(files.keySet())
        .contains(Path.of("pom.xml"))
        .anyMatch(p -> p.startsWith("src/test/java"));
    for (Map.Entry<Path, String> file : files.entrySet()) {
      Path target = project.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue() + "\n");
    }

    List<String> commands = commands(blocks);
    assertThat(commands).isNotEmpty();
    boolean tested = false;
    int served = 0;
    for (String command : commands) {
      if (command.startsWith("$BRAID/mvnw ")) {
        runToEnd(project, command);
        tested |= command.contains(" test");
      } else if (command.startsWith("java ")
          || command.startsWith("$BRAID/braid run ")
          || command.startsWith("BRAID_CLASSPATH=target/classes $BRAID/braid run ")) {
        serve(project, command);
        served++;
      } else {
        fail("GettingStartedIT does not know how to check this command of the page: " + command);
      }
    }
    assertThat(tested).as("the page runs the project's tests").isTrue();
    assertThat(served)
        .as("the page runs the server as a program, and under braid both ways")
        .isEqualTo(3);

    assertThat(Files.readString(project.resolve("target/classpath.txt")))
        .as("Braid's artifacts come from the installed repository")
        .contains(
            Path.of(System.getProperty("braid.local.repo"), "dev/braid/braid-core").toString());

    long pageTests =
        files.values().stream().mapToLong(t -> t.split("@Test\\b", -1).length - 1).sum();
    Path report = project.resolve("target/surefire-reports/TEST-com.example.shout.ShoutTest.xml");
    String xml = Files.readString(report);
    assertThat(xml)
        .contains("tests=\"" + pageTests + "\"")
        .contains("failures=\"0\"")
        .contains("errors=\"0\"")
        .contains("skipped=\"0\"");
  }

  @Test
  void braidCertPrintsWhatThePageShows() throws Exception {
    Block shown =
        blocks().stream()
            .filter(b -> b.text().startsWith("$ $BRAID/braid cert\n"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the page shows braid cert's output"));
    Path project = Files.createDirectories(dir.resolve("shout"));
    String output =
        shell(project, "$BRAID/braid cert").run(Duration.ofSeconds(60)).assertExit(0).out();
    assertThat(output).isEqualTo(shown.text().substring(shown.text().indexOf('\n') + 1));
    assertThat(project.resolve("localhost.pem")).isNotEmptyFile();
    assertThat(project.resolve("ca.pem")).isNotEmptyFile();
  }
}
