package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.RealPeer;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code braid} command as a user runs it, and the programs the integration tests talk to
 * it with (Python, curl), each a {@link RealPeer}: what they printed goes into a failed test's
 * message, and the test's end stops whatever still runs.
 */
final class Launcher {
  /** The line braid logs for each endpoint it listens on. */
  static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

  /** How long a wait for a line of braid's log may take (a JVM starting on a busy machine). */
  static final Duration LOG_LINE = Duration.ofSeconds(60);

  /** How long braid may take to exit after SIGTERM. */
  static final Duration EXIT = Duration.ofSeconds(30);

  /** Debian's Python (with python3-twisted) where it is installed. */
  static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  private Launcher() {}

  /** The JVM the tests run on. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code java -jar braid.jar args...}, its log (stderr) kept apart from stdout. */
  static RealPeer.Command braid(String... args) {
    return braid(List.of(args));
  }

  /** Like {@link #braid(String...)}, from a list. */
  static RealPeer.Command braid(List<String> args) {
    List<String> command =
        new ArrayList<>(List.of(java(), "-jar", System.getProperty("braid.cli.jar")));
    command.addAll(args);
    return RealPeer.command(command).separateStderr();
  }

  /** {@code java -cp classPath dev.braid.cli.Main args...}, the jar with more on the class path. */
  static RealPeer.Command braidWithClassPath(String classPath, String... args) {
    List<String> command = new ArrayList<>(List.of(java(), "-cp", classPath, Main.class.getName()));
    command.addAll(List.of(args));
    return RealPeer.command(command).separateStderr();
  }

  /** {@link #braidWithClassPath} with the jar and {@code more} on the class path. */
  static String classPath(Object more) {
    return System.getProperty("braid.cli.jar") + File.pathSeparator + more;
  }

  /** Waits for the next line of {@code peer}'s output that {@code pattern} finds in. */
  static Matcher awaitMatch(RealPeer peer, Pattern pattern) {
    Matcher m = pattern.matcher(peer.awaitLine(l -> pattern.matcher(l).find(), LOG_LINE));
    assertThat(m.find()).isTrue();
    return m;
  }

  /** Waits for braid's next "listening on" line; returns its port. */
  static int awaitListening(RealPeer server) {
    return Integer.parseInt(awaitMatch(server, LISTENING).group(1));
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code. */
  static int exitAfterSigterm(RealPeer process) {
    process.terminate();
    assertThat(process.exitsWithin(EXIT)).as("exited after SIGTERM").isTrue();
    return process.result().exit();
  }

  /** Runs {@code command} (curl, say) to its exit 0; returns what it printed. */
  static String run(String... command) throws IOException {
    RealPeer.Result p = RealPeer.command(command).run(Duration.ofSeconds(60));
    assertThat(p.exit()).as(p.out()).isZero();
    return p.out();
  }

  /** Runs {@code python3 -c script argument} to its exit 0; returns what it printed. */
  static String python(String script, Object argument) throws IOException {
    RealPeer.Result client =
        RealPeer.command(PYTHON, "-c", script, String.valueOf(argument))
            .debianPackage("python3")
            .run(Duration.ofSeconds(30));
    assertThat(client.exit()).as(client.out()).isZero();
    return client.out();
  }
}
