package dev.braid.amp;

import dev.braid.testing.RealPeer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Twisted scripts in {@code src/test/resources/amp}, run as {@link RealPeer}s with Debian's
 * {@code /usr/bin/python3} (which has python3-twisted), stderr kept apart from stdout.
 */
final class TwistedPeer {
  static final String PYTHON =
      Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

  /** How long a script may take to print its port. */
  static final Duration STARTUP = Duration.ofSeconds(30);

  private TwistedPeer() {}

  /** The command that runs {@code script} with {@code args}; start it on a reactor or not. */
  static RealPeer.Command command(String script, String... args) {
    List<String> command = new ArrayList<>(List.of(PYTHON, "-u", script(script).toString()));
    command.addAll(List.of(args));
    return RealPeer.command(command).debianPackage("python3-twisted").separateStderr();
  }

  /** The path of a script in the test resources. */
  static Path script(String name) {
    try {
      return Path.of(TwistedPeer.class.getResource("/amp/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the line a server script prints first: the port it listens on. */
  static int readPort(RealPeer peer) {
    return Integer.parseInt(peer.awaitLine(TwistedPeer::isPort, STARTUP).strip());
  }

  private static boolean isPort(String line) {
    return line.strip().matches("\\d+");
  }
}
