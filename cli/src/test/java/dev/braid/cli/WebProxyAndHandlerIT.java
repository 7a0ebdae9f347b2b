package dev.braid.cli;

import static dev.braid.cli.Launcher.awaitListening;
import static dev.braid.cli.Launcher.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid web --proxy} in front of another {@code braid web}, and {@code braid web --handler}
 * running a {@code com.sun.net.httpserver} handler from the test class path behind {@code --auth};
 * each fetched with curl and stopped with SIGTERM (exit 0).
 */
@BraidTest
class WebProxyAndHandlerIT {
  @TempDir Path dir;

  private static void stop(RealPeer p) {
    p.terminate();
    assertThat(p.exitsWithin(Launcher.EXIT)).isTrue();
    assertThat(p.result().exit()).isZero();
  }

  @Test
  void braidWebProxiesAPrefixToAnotherBraidWebForCurl() throws Exception {
    Path upstreamDir = Files.createDirectories(dir.resolve("upstream"));
    Files.writeString(upstreamDir.resolve("data.txt"), "from the upstream\n");
    Path frontDir = Files.createDirectories(dir.resolve("front"));
    Files.writeString(frontDir.resolve("local.txt"), "local file\n");
    RealPeer upstream =
        Launcher.braid(
                "web", "--listen", "tcp:0:interface=127.0.0.1", "--path", upstreamDir.toString())
            .start();
    int up = awaitListening(upstream);
    RealPeer front =
        Launcher.braid(
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                frontDir.toString(),
                "--proxy",
                "/api=http://127.0.0.1:" + up + "/")
            .start();
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
    RealPeer server =
        Launcher.braidWithClassPath(
                Launcher.classPath(testClasses),
                "web",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--path",
                dir.toString(),
                "--handler",
                "/hello=dev.braid.cli.HelloHandler",
                "--auth",
                "memory:alice:secret")
            .start();
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
