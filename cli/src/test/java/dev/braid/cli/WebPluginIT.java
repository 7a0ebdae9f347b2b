package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid web} serves a directory to curl and stops with exit 0 on SIGTERM, removing its
 * pidfile.
 */
@BraidTest
class WebPluginIT {
  @TempDir Path dir;

  @Test
  void braidWebServesAFileAndAListingToCurlAndExitsZeroOnSigterm() throws Exception {
    Files.writeString(dir.resolve("hello.txt"), "hello from braid web\n");
    Files.createDirectories(dir.resolve("docs"));
    Files.writeString(dir.resolve("docs/a.md"), "# a\n");
    RealPeer server =
        Launcher.braid(
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
    int port = Launcher.awaitListening(server);
    String base = "http://127.0.0.1:" + port;
    assertThat(Files.readString(dir.resolve("braid.pid")).trim())
        .isEqualTo(String.valueOf(server.pid()));

    assertThat(Launcher.run("curl", "-sS", "--fail", base + "/hello.txt"))
        .isEqualTo("hello from braid web\n");
    assertThat(Launcher.run("curl", "-sS", "--fail", base + "/docs/")).contains("a.md");
    assertThat(
            Launcher.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/missing"))
        .isEqualTo("404");

    server.terminate();
    assertThat(server.exitsWithin(Launcher.EXIT)).isTrue();
    assertThat(server.result().exit()).isZero();
    assertThat(dir.resolve("braid.pid")).doesNotExist();
    assertThat(Files.readAllLines(dir.resolve("access.log")))
        .anySatisfy(l -> assertThat(l).contains("\"GET /hello.txt HTTP/1.1\" 200 21"));
  }

  @Test
  void braidWebHidesDotFilesAndLogsWhatItServesOnceForEachEndpoint() throws Exception {
    Files.createDirectories(dir.resolve(".git"));
    Files.writeString(dir.resolve(".git/config"), "[remote \"origin\"]\n");
    Files.writeString(dir.resolve("hello.txt"), "hello\n");
    RealPeer server =
        Launcher.braid(
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
    Pattern serving =
        Pattern.compile("serving (.+) on http://(127\\.0\\.0\\.1|\\[::1\\]):(\\d+)/$");
    List<Matcher> served = new ArrayList<>();
    served.add(Launcher.awaitMatch(server, serving));
    served.add(Launcher.awaitMatch(server, serving));
    assertThat(served).as("%s", server.linesAwaited()).hasSize(2);
    assertThat(served.get(0).group(1)).isEqualTo(dir.toAbsolutePath().normalize().toString());
    assertThat(served.get(0).group(2)).isEqualTo("127.0.0.1");
    assertThat(served.get(1).group(2)).isEqualTo("[::1]");
    String base = "http://127.0.0.1:" + served.get(0).group(3);
    assertThat(
            Launcher.run(
                "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", base + "/.git/config"))
        .isEqualTo("404");
    assertThat(Launcher.run("curl", "-sS", base + "/"))
        .contains("hello.txt")
        .doesNotContain(".git");
    assertThat(
            Launcher.run(
                "curl", "-sS", "-g", "http://[::1]:" + served.get(1).group(3) + "/hello.txt"))
        .isEqualTo("hello\n");

    server.terminate();
    assertThat(server.exitsWithin(Launcher.EXIT)).isTrue();
    assertThat(server.result().exit()).isZero();
    List<String> log = server.err().lines().toList();
    assertThat(log.stream().filter(l -> l.contains("serving "))).hasSize(2);
  }
}
