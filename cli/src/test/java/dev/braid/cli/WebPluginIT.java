package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid web} serves a directory to curl and stops with exit 0 on SIGTERM, removing its
 * pidfile.
 */
@BraidTest
class WebPluginIT {
  private static final Pattern LISTENING =
      Pattern.compile("serving .* on https?://127\\.0\\.0\\.1:(\\d+)/");
  private final List<Process> started = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int awaitListening(Process process) throws IOException {
    BufferedReader stderr =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> log = new ArrayList<>();
    String line;
    while ((line = stderr.readLine()) != null) {
      log.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server exited before listening: " + log);
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void braidWebServesAFileAndAListingToCurlAndExitsZeroOnSigterm() throws Exception {
    Files.writeString(dir.resolve("hello.txt"), "hello from braid web\n");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "# a\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server =
        new ProcessBuilder(
                java,
                "-jar",
                System.getProperty("braid.cli.jar"),
                "--pidfile",
                dir.resolve("braid.pid").toString(),
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                dir.toString(),
                "--access-log",
                dir.resolve("access.log").toString())
            .start();
    started.add(server);
    int port = awaitListening(server);
    String base = "http://127.0.0.1:" + port;
    assertThat(Files.readString(dir.resolve("braid.pid")).trim())
        .isEqualTo(String.valueOf(server.pid()));

    assertThat(run("curl", "-sS", "--fail", base + "/hello.txt"))
        .isEqualTo("hello from braid web\n");
    assertThat(run("curl", "-sS", "--fail", base + "/docs/")).contains("a.md");
    assertThat(run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/missing"))
        .isEqualTo("404");

    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
    assertThat(dir.resolve("braid.pid")).doesNotExist();
    assertThat(Files.readAllLines(dir.resolve("access.log")))
        .anySatisfy(l -> assertThat(l).contains("\"GET /hello.txt HTTP/1.1\" 200 21"));
  }

  @Test
  void braidWebHidesDotFilesAndLogsWhatItServesOnceForEachEndpoint() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[remote \"origin\"]\n");
    Files.writeString(dir.resolve("hello.txt"), "hello\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process server =
        new ProcessBuilder(
                java,
                "-jar",
                System.getProperty("braid.cli.jar"),
                "--reactors",
                "2",
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--listen",
                "tcp6:0:interface=\\:\\:1",
                "--path",
                dir.toString())
            .start();
    started.add(server);
    BufferedReader stderr =
        new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    Pattern serving =
        Pattern.compile("serving (.+) on http://(127\\.0\\.0\\.1|\\[::1\\]):(\\d+)/$");
    List<String> log = new ArrayList<>();
    List<Matcher> served = new ArrayList<>();
    String line;
    while (served.size() < 2 && (line = stderr.readLine()) != null) {
      log.add(line);
      Matcher m = serving.matcher(line);
      if (m.find()) {
        served.add(m);
      }
    }
    assertThat(served).as("%s", log).hasSize(2);
    assertThat(served.get(0).group(1)).isEqualTo(dir.toAbsolutePath().normalize().toString());
    assertThat(served.get(0).group(2)).isEqualTo("127.0.0.1");
    assertThat(served.get(1).group(2)).isEqualTo("[::1]");
    String base = "http://127.0.0.1:" + served.get(0).group(3);
    assertThat(run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/.git/config"))
        .isEqualTo("404");
    assertThat(run("curl", "-sS", base + "/")).contains("hello.txt").doesNotContain(".git");
    assertThat(run("curl", "-sS", "-g", "http://[::1]:" + served.get(1).group(3) + "/hello.txt"))
        .isEqualTo("hello\n");

    server.toHandle().destroy(); // SIGTERM, leaving the output streams open to read
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
    stderr.lines().forEach(log::add);
    assertThat(log.stream().filter(l -> l.contains("serving "))).hasSize(2);
  }
}
