package dev.braid.cli;

import static dev.braid.cli.Launcher.exitAfterSigterm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid socks} and {@code braid passwd} run from the built jar, driven by curl through the
 * proxy to Python's http.server, stopped with SIGTERM.
 */
@BraidTest
class SocksPluginIT {
  private static final Pattern SERVING = Pattern.compile("port (\\d+)");
  @TempDir Path dir;

  /**
   * Python's http.server on a port of its choosing, serving {@code hello.txt}; returns its port.
   */
  private int httpServer() throws IOException {
    Files.writeString(dir.resolve("hello.txt"), "hello from python\n");
    RealPeer server =
        RealPeer.command(
                Launcher.PYTHON,
                "-u",
                "-m",
                "http.server",
                "0",
                "--bind",
                "127.0.0.1",
                "--directory",
                dir.toString())
            .separateStderr()
            .start();
    return Integer.parseInt(Launcher.awaitMatch(server, SERVING).group(1));
  }

  private static String[] curl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
    command.addAll(List.of(args));
    RealPeer.Result p = RealPeer.command(command).run(Duration.ofSeconds(90));
    return new String[] {String.valueOf(p.exit()), p.out()};
  }

  private static RealPeer braid(String... args) throws IOException {
    return Launcher.braid(args).start();
  }

  @Test
  void aPasswordFileMadeWithBraidPasswdGuardsTheProxy() throws Exception {
    RealPeer passwd = Launcher.braid("passwd", "--cost", "4", "alice").input("secret\n").start();
    assertThat(passwd.exitsWithin(Duration.ofSeconds(60))).isTrue();
    String line = passwd.out();
    assertThat(passwd.result().exit()).isZero();
    assertThat(line).startsWith("alice:$2b$04$");
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, "# made by braid passwd\n" + line);

    int http = httpServer();
    RealPeer socks =
        braid(
            "socks",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--allow-private",
            "--auth",
            "file:" + passwords);
    int port = Launcher.awaitListening(socks);
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
    RealPeer strict =
        braid("--pidfile", pidFile.toString(), "socks", "--listen", "tcp:0:interface=127.0.0.1");
    int strictPort = Launcher.awaitListening(strict);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(strict.pid()));
    String[] refused =
        curl("--socks5", "127.0.0.1:" + strictPort, "http://127.0.0.1:" + http + "/hello.txt");
    assertThat(refused[0]).isNotEqualTo("0");
    assertThat(refused[1]).containsPattern("\\(2\\)|not allowed");
    assertThat(exitAfterSigterm(strict)).isZero();
    assertThat(pidFile).doesNotExist();

    RealPeer open = braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--allow-private");
    int openPort = Launcher.awaitListening(open);
    String[] ok =
        curl("--socks4a", "127.0.0.1:" + openPort, "http://localhost:" + http + "/hello.txt");
    assertThat(ok[0]).as(ok[1]).isEqualTo("0");
    assertThat(ok[1]).isEqualTo("hello from python\n");
    assertThat(exitAfterSigterm(open)).isZero();
  }

  @Test
  void aBadAuthSpecOrPlainTextPasswordFileIsOneClearLine() throws Exception {
    RealPeer bad = braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--auth", "ldap:x");
    assertThat(bad.exitsWithin(Duration.ofSeconds(60))).isTrue();
    String err = bad.err();
    assertThat(bad.result().exit()).isEqualTo(1);
    assertThat(err).contains("braid: bad credentials spec \"ldap:x\": unknown kind \"ldap\"");
    assertThat(err).doesNotContain("Exception");

    Path plain = dir.resolve("plain");
    Files.writeString(plain, "alice:secret\n");
    RealPeer plainText =
        braid("socks", "--listen", "tcp:0:interface=127.0.0.1", "--auth", "file:" + plain);
    assertThat(plainText.exitsWithin(Duration.ofSeconds(60))).isTrue();
    String err2 = plainText.err();
    assertThat(plainText.result().exit()).isEqualTo(1);
    assertThat(err2)
        .contains("braid: " + plain + ", line 1: the password of alice is not a bcrypt hash")
        .doesNotContain("secret\n")
        .doesNotContain("Exception");
  }
}
