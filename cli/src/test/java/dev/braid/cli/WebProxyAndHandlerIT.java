package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.File;
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
 * {@code braid web --proxy} in front of another {@code braid web}, and {@code braid web --handler}
 * running a {@code com.sun.net.httpserver} handler from the test class path behind {@code --auth};
 * each fetched with curl and stopped with SIGTERM (exit 0).
 */
@BraidTest
class WebProxyAndHandlerIT {
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

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private Process start(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).start();
    started.add(p);
    return p;
  }

  /** Reads the server's log until it says where it listens (drains the rest on a thread). */
  private static int awaitListening(Process process) throws IOException {
    BufferedReader stderr =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> log = new ArrayList<>();
    String line;
    while ((line = stderr.readLine()) != null) {
      log.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    stderr.transferTo(java.io.Writer.nullWriter());
                  } catch (IOException e) {
                    // the process was stopped
                  }
                });
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

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void braidWebProxiesAPrefixToAnotherBraidWebForCurl() throws Exception {
    Path upstreamDir = Files.createDirectories(dir.resolve("upstream"));
    Files.writeString(upstreamDir.resolve("data.txt"), "from the upstream\n");
    Path frontDir = Files.createDirectories(dir.resolve("front"));
    Files.writeString(frontDir.resolve("local.txt"), "local file\n");
    String jar = System.getProperty("braid.cli.jar");
    Process upstream =
        start(
            List.of(
                java(),
                "-jar",
                jar,
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                upstreamDir.toString()));
    int up = awaitListening(upstream);
    Process front =
        start(
            List.of(
                java(),
                "-jar",
                jar,
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                frontDir.toString(),
                "--proxy",
                "/api=http://127.0.0.1:" + up + "/"));
    String base = "http://127.0.0.1:" + awaitListening(front);

    assertThat(run("curl", "-sS", "--fail", base + "/api/data.txt"))
        .isEqualTo("from the upstream\n");
    assertThat(run("curl", "-sS", "--fail", base + "/local.txt")).isEqualTo("local file\n");
    String head =
        run(
            "curl",
            "-sS",
            "-o",
            "/dev/null",
            "-D",
            "-",
            "-H",
            "Connection: close",
            base + "/api/data.txt");
    assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: 18");
    assertThat(run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/api/nope"))
        .isEqualTo("404");

    stop(upstream);
    assertThat(run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/api/data.txt"))
        .isEqualTo("502");
    stop(front);
  }

  @Test
  void braidWebRunsAnHttpHandlerFromTheClassPathBehindBasicAuth() throws Exception {
    Files.writeString(dir.resolve("file.txt"), "a file\n");
    String testClasses =
        Path.of(HelloHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String classPath = System.getProperty("braid.cli.jar") + File.pathSeparator + testClasses;
    Process server =
        start(
            List.of(
                java(),
                "-cp",
                classPath,
                "dev.braid.cli.Main",
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                dir.toString(),
                "--handler",
                "/hello=dev.braid.cli.HelloHandler",
                "--auth",
                "memory:alice:secret"));
    String base = "http://127.0.0.1:" + awaitListening(server);

    assertThat(run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/hello/x"))
        .isEqualTo("401");
    assertThat(
            run(
                "curl",
                "-sS",
                "-o",
                "/dev/null",
                "-w",
                "%{http_code}",
                "-u",
                "alice:wrong",
                base + "/hello/x"))
        .isEqualTo("401");
    assertThat(run("curl", "-sS", "--fail", "-u", "alice:secret", base + "/hello/x/y"))
        .isEqualTo("hello GET /hello/x/y 0\n");
    assertThat(
            run(
                "curl",
                "-sS",
                "--fail",
                "-u",
                "alice:secret",
                "--data-binary",
                "12345",
                base + "/hello"))
        .isEqualTo("hello POST /hello 5\n");
    assertThat(run("curl", "-sS", "--fail", "-u", "alice:secret", base + "/file.txt"))
        .isEqualTo("a file\n");
    stop(server);
  }
}
