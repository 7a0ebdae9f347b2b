package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real peer program (Python, OpenSSL, curl, HAProxy, ...) run as a subprocess for a test, so
 * Braid is checked against code nobody here wrote.
 *
 * <pre>{@code
 * RealPeer client =
 *     RealPeer.start(t.reactor(), "openssl", "s_client", "-connect", "127.0.0.1:" + port);
 * t.await(client.lineContaining("Verify return code"));
 * }</pre>
 *
 * <ul>
 *   <li>A peer that is not installed fails the test at once, naming the Debian package to install
 *       ({@code apt-get install openssl}); {@code .ci/run} installs every peer the tests use.
 *   <li>Its output (stdout and stderr, merged) is read line by line on a virtual thread and handed
 *       to the reactor with {@code callFromThread}, so the test awaits lines ({@link
 *       #lineContaining}) and the exit ({@link #exited()}) as Deferreds: no sleeps, no polling.
 *   <li>Under {@link BraidTest}, everything the peers of a test printed is added to that test's
 *       failure, and every peer still running when the test ends is killed.
 * </ul>
 *
 * <p>Threads: call it on the reactor thread (a test body holding the reactor); the Deferreds fire
 * there.
 */
public final class RealPeer implements AutoCloseable {
  private static final List<RealPeer> RUNNING = new CopyOnWriteArrayList<>();

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Deferred<Integer> exited = new Deferred<>();
  private final List<String> shared = new CopyOnWriteArrayList<>();
  private int readUpTo;

  private record Waiter(Predicate<String> test, Deferred<String> result) {}

  private RealPeer(Reactor reactor, String name, Process process) {
    this.name = name;
    this.process = process;
    Thread.ofVirtual()
        .name("braid-real-peer-" + name)
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  String l = line;
                  shared.add(l);
                  reactor.callFromThread(() -> add(l));
                }
              } catch (IOException e) {
                // the process went away
              }
              int code;
              try {
                code = process.waitFor();
              } catch (InterruptedException e) {
                code = -1;
              }
              int exit = code;
              reactor.callFromThread(() -> exited.callback(exit));
            });
  }

  /**
   * Starts {@code command} (its first word a program on the PATH or an absolute path), with stdin a
   * pipe ({@link #send}). Fails the test when the program is missing, naming its Debian package
   * (the program's own name, which is right for openssl, curl, haproxy and chromium); {@link
   * #start(Reactor, String, List)} names another.
   */
  public static RealPeer start(Reactor reactor, String... command) throws IOException {
    Objects.requireNonNull(command, "command");
    if (command.length == 0) {
      throw new IllegalArgumentException("no command");
    }
    return start(reactor, Path.of(command[0]).getFileName().toString(), List.of(command));
  }

  /**
   * Like {@link #start(Reactor, String...)}; a missing program fails the test naming {@code
   * debianPackage} ({@code "python3-twisted"}, say).
   */
  public static RealPeer start(Reactor reactor, String debianPackage, List<String> command)
      throws IOException {
    Path program = requireInstalled(command.getFirst(), debianPackage);
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, program.toString());
    Process process = new ProcessBuilder(resolved).redirectErrorStream(true).start();
    RealPeer peer = new RealPeer(reactor, program.getFileName().toString(), process);
    RUNNING.add(peer);
    return peer;
  }

  /**
   * The path of {@code program} (an absolute path, or a name looked up on the PATH); throws an
   * {@link AssertionError} that names {@code debianPackage} when it is not installed.
   */
  public static Path requireInstalled(String program, String debianPackage) {
    Path given = Path.of(program);
    if (given.isAbsolute()) {
      if (Files.isExecutable(given)) {
        return given;
      }
    } else {
      String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new AssertionError(
        "this test runs "
            + program
            + ", which is not installed: install Debian's package "
            + debianPackage
            + " (apt-get install "
            + debianPackage
            + "; .ci/run installs it)");
  }

  /**
   * A loopback port that was free a moment ago, for a peer that must be told where to listen before
   * it starts (a server Braid can listen on itself takes port 0 instead). Another process may take
   * it in between; the test then fails on the bind, it does not hang.
   */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void add(String line) {
    lines.add(line);
    check();
  }

  private void check() {
    while (!waiters.isEmpty() && readUpTo < lines.size()) {
      String line = lines.get(readUpTo++);
      Waiter w = waiters.getFirst();
      if (w.test().test(line)) {
        waiters.removeFirst();
        w.result().callback(line);
      }
    }
  }

  /** Fires with the next line (after those already matched) containing {@code text}. */
  public Deferred<String> lineContaining(String text) {
    Deferred<String> d = new Deferred<>();
    waiters.add(new Waiter(l -> l.contains(text), d));
    check();
    return d;
  }

  /** Every line the peer printed so far (any thread). */
  public String output() {
    return String.join("\n", shared);
  }

  /** Writes {@code text} (UTF-8) to the peer's stdin and flushes it. */
  public void send(String text) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write(text.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** Closes the peer's stdin (end of input). */
  public void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Fires with the exit code. */
  public Deferred<Integer> exited() {
    return exited;
  }

  /** The process, for what this class does not cover. */
  public Process process() {
    return process;
  }

  /** Kills the process (the extension does it for every peer still running when a test ends). */
  public void destroy() {
    process.destroyForcibly();
    RUNNING.remove(this);
  }

  /** Same as {@link #destroy()}. */
  @Override
  public void close() {
    destroy();
  }

  @Override
  public String toString() {
    return "RealPeer[" + name + ", pid " + process.pid() + "]";
  }

  /** For the extension: what the peers of the test printed, one block per peer. */
  static List<String> outputs() {
    List<String> out = new ArrayList<>();
    for (RealPeer peer : RUNNING) {
      out.add("output of " + peer + ":\n" + peer.output());
    }
    return out;
  }

  /** For the extension: kills every peer still running. */
  static void destroyAll() {
    for (RealPeer peer : List.copyOf(RUNNING)) {
      peer.destroy();
    }
  }
}
