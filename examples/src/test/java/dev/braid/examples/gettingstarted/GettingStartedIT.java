package dev.braid.examples.gettingstarted;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
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
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopLeftovers() throws InterruptedException {
    for (Process process : started) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

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

  private ProcessBuilder shell(Path project, String command) {
    String jdk = System.getProperty("java.home");
    // exec: the process is the command itself, so SIGTERM reaches it (after any VAR=value).
    Matcher assignments = ASSIGNMENTS.matcher(command);
    assignments.lookingAt();
    ProcessBuilder builder =
        new ProcessBuilder(
            "bash", "-c", assignments.group() + "exec " + command.substring(assignments.end()));
    builder.directory(project.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("JAVA_HOME", jdk);
    env.put("PATH", Path.of(jdk, "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.put(
        "MAVEN_ARGS",
        String.join(
            " ",
            "-B",
            "-q",
            "-o",
            "-Dmaven.repo.local=" + System.getProperty("braid.local.repo"),
            "-Dmaven.repo.local.tail=" + System.getProperty("braid.user.repo")));
    env.put("BRAID", ROOT.toString());
    env.put("BRAID_NO_AOT", "1");
    env.remove("MAVEN_OPTS");
    return builder;
  }

  /** Runs a command of the page to its end; fails with its output unless it exits 0. */
  private void runToEnd(Path project, String command) throws Exception {
    Process process = shell(project, command).start();
    started.add(process);
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    assertThat(process.exitValue()).as("%s exits 0; it printed:%n%s", command, output).isZero();
  }

  /** Starts a server command of the page on a free port, and talks to it as nc would. */
  private void serve(Path project, String command) throws Exception {
    assertThat(command).as("the page's servers listen on tcp:8000").contains(" tcp:8000");
    Process server =
        shell(project, command.replace(" tcp:8000", " tcp:0:interface=127.0.0.1")).start();
    started.add(server);
    BufferedReader output =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    List<String> said = new ArrayList<>();
    int port = -1;
    String line;
    while (port < 0 && (line = output.readLine()) != null) {
      said.add(line);
      Matcher m = PORT.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    assertThat(port).as("%s said where it listens: %s", command, said).isPositive();
    try (Socket client = new Socket("127.0.0.1", port)) {
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
    server.toHandle().destroy();
    output.transferTo(java.io.Writer.nullWriter());
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("%s stopped on SIGTERM", command).isTrue();
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
    Process cert = shell(project, "$BRAID/braid cert").start();
    started.add(cert);
    String output = new String(cert.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(cert.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(cert.exitValue()).as(output).isZero();
    assertThat(output).isEqualTo(shown.text().substring(shown.text().indexOf('\n') + 1));
    assertThat(project.resolve("localhost.pem")).isNotEmptyFile();
    assertThat(project.resolve("ca.pem")).isNotEmptyFile();
  }
}
