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
 * {@code braid socks} and {@code braid passwd} run from the built jar, driven by curl through the
 * proxy to Python's http.server, stopped with SIGTERM.
 */
@BraidTest
class SocksPluginIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
  private static final Pattern SERVING = Pattern.compile("port (\\d+)");
  private final List<Process> started = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  private Process start(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  private Process braid(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("braid.cli.jar")));
    command.addAll(List.of(args));
    return start(command);
  }

  /** Reads {@code stream} line by line until {@code pattern} matches; returns group 1. */
  private static int awaitPort(java.io.InputStream stream, Pattern pattern) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      seen.add(line);
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("exited before listening: " + seen);
  }

  /**
   * Python's http.server on a port of its choosing, serving {@code hello.txt}; returns its port.
   */
  private int httpServer() throws IOException {
    Files.writeString(dir.resolve("hello.txt"), "hello from python\n");
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process server =
        start(
            List.of(
                python,
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
                dir.toString()));
    return awaitPort(server.getInputStream(), SERVING);
  }

  private static String[] curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return new String[] {String.valueOf(p.exitValue()), out};
  }

  private static int exitAfterSigterm(Process process) throws Exception {
    process.toHandle().destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    return process.exitValue();
  }

  @Test
  void aPasswordFileMadeWithBraidPasswdGuardsTheProxy() throws Exception {
    Process passwd = braid("passwd", "--cost", "4", "alice");
    passwd.getOutputStream().write("secret\n".getBytes(StandardCharsets.UTF_8));
    passwd.getOutputStream().close();
    String line = new String(passwd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(passwd.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(passwd.exitValue()).isZero();
    assertThat(line).startsWith("alice:$2b$04$");
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, "# made by braid passwd\n" + line);

    int http = httpServer();
    Process socks =
        braid(
            "socks",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--allow-private",
            "--auth",
            "file:" + passwords);
    int port = awaitPort(socks.getErrorStream(), LISTENING);
    String url = "http://localhost:" + http + "/hello.txt";
    String[] good = curl("--proxy", "socks5h://alice:secret@127.0.0.1:" + port, url);
    assertThat(good[0]).as(good[1]).isEqualTo("0");
    assertThat(good[1]).isEqualTo("hello from python\n");
    String[] viaSocks5 = curl("--socks5", "127.0.0.1:" + port, "--proxy-user", "alice:secret", url);
    assertThat(viaSocks5[1]).isEqualTo("hello from python\n");
    String[] wrong = curl("--proxy", "socks5h://alice:guess@127.0.0.1:" + port, url);
    assertThat(wrong[0]).isNotEqualTo("0");
    assertThat(wrong[1]).doesNotContain("hello from python");
    assertThat(exitAfterSigterm(socks)).isZero();
  }

  @Test
  void withoutAllowPrivateLoopbackIsRefusedAndWithItSocks4aWorks() throws Exception {
    int http = httpServer();
    Path pidFile = dir.resolve("socks.pid");
    Process strict =
        braid("--pidfile", pidFile.toString(), "socks", "--listen", "tcp:0:interface=127.0.0.1");
    int strictPort = awaitPort(strict.getErrorStream(), LISTENING);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(strict.pid()));
    String[] refused =
        curl("--socks5", "127.0.0.1:" + strictPort, "http://127.0.0.1:" + http + "/hello.txt");
    assertThat(refused[0]).isNotEqualTo("0");
    assertThat(refused[1]).containsPattern("\\(2\\)|not allowed");
    assertThat(exitAfterSigterm(strict)).isZero();
    assertThat(pidFile).doesNotExist();

    Process open = braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--allow-private");
    int openPort = awaitPort(open.getErrorStream(), LISTENING);
    String[] ok =
        curl("--socks4a", "127.0.0.1:" + openPort, "http://localhost:" + http + "/hello.txt");
    assertThat(ok[0]).as(ok[1]).isEqualTo("0");
    assertThat(ok[1]).isEqualTo("hello from python\n");
    assertThat(exitAfterSigterm(open)).isZero();
  }

  @Test
  void aBadAuthSpecOrPlainTextPasswordFileIsOneClearLine() throws Exception {
    Process bad = braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--auth", "ldap:x");
    String err = new String(bad.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(1);
    assertThat(err).contains("braid: bad credentials spec \"ldap:x\": unknown kind \"ldap\"");
    assertThat(err).doesNotContain("Exception");

    Path plain = dir.resolve("plain");
    Files.writeString(plain, "alice:secret\n");
    Process plainText =
        braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--auth", "file:" + plain);
    String err2 = new String(plainText.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(plainText.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(plainText.exitValue()).isEqualTo(1);
    assertThat(err2)
        .contains("braid: " + plain + ", line 1: the password of alice is not a bcrypt hash")
        .doesNotContain("secret\n")
        .doesNotContain("Exception");
  }
}
