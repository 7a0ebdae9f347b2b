package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code braid} command as a subprocess: {@code java -cp braid.jar[:more] Main ARGS}, as
 * {@code ./braid} runs it with {@code BRAID_CLASSPATH}. Its standard error is read line by line;
 * {@link #close} kills it if it is still running.
 */
final class BraidProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("(?:listening on /?|on https?://)127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final BufferedReader stderr;
  private final List<String> log = new ArrayList<>();

  private BraidProcess(Process process) {
    this.process = process;
    this.stderr =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts the command with {@code extraClassPath} (may be empty) after the jar, in {@code dir}.
   */
  static BraidProcess start(Path dir, List<Path> extraClassPath, String... args) {
    StringBuilder classPath = new StringBuilder(System.getProperty("braid.cli.jar"));
    extraClassPath.forEach(p -> classPath.append(File.pathSeparator).append(p));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath.toString(),
                "dev.braid.cli.Main"));
    command.addAll(List.of(args));
    try {
      return new BraidProcess(new ProcessBuilder(command).directory(dir.toFile()).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the log until the server says it listens on 127.0.0.1; returns the port. */
  int awaitListening() throws IOException {
    String line;
    while ((line = stderr.readLine()) != null) {
      log.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("braid exited before listening: " + log);
  }

  /** Standard output, read to its end. */
  String stdout() throws IOException {
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Waits for the exit (at most 30 s) and returns the status; the rest of the log is read. */
  int exitStatus() throws IOException, InterruptedException {
    stderr.lines().forEach(log::add);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("braid exited: %s", log).isTrue();
    return process.exitValue();
  }

  /** Every line of standard error read so far. */
  List<String> log() {
    return log;
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.toHandle().destroy();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
