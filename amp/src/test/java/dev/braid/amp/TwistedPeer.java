package dev.braid.amp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Python process running one of the Twisted scripts in {@code src/test/resources/amp} with
 * Debian's {@code /usr/bin/python3} (which has python3-twisted). Its stderr goes to a log file,
 * shown in failure messages. {@link #kill()} it in {@code @AfterEach}.
 */
final class TwistedPeer {
  static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  final Process process;
  final Path log;

  private TwistedPeer(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code script} with {@code args}; stdout stays a pipe, stderr goes to {@link #log}. */
  static TwistedPeer start(String script, String... args) throws IOException {
    Path log = Files.createTempFile("braid-amp-" + script, ".log");
    List<String> command = new ArrayList<>(List.of(PYTHON, "-u", script(script).toString()));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectError(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
    return new TwistedPeer(process, log);
  }

  /** The path of a script in the test resources. */
  static Path script(String name) {
    try {
      return Path.of(TwistedPeer.class.getResource("/amp/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads the first line the script prints: the port it listens on. */
  int readPort() throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = reader.readLine();
    if (line == null) {
      throw new IllegalStateException("the Twisted peer exited before printing its port: " + log());
    }
    return Integer.parseInt(line.strip());
  }

  /** Everything the script printed on stdout (after it exited). */
  String stdout() throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** What the script wrote on stderr so far. */
  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Kills the process and waits for it, then deletes the log. */
  void kill() throws InterruptedException, IOException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
    Files.deleteIfExists(log);
  }
}
