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
  private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");
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
}
