package dev.braid.testing;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A real peer program (Python, OpenSSL, curl, HAProxy, the {@code braid} launcher, ...) run as a
 * subprocess for a test, so Braid is checked against code nobody here wrote.
 *
 * <pre>{@code
 * RealPeer client =
 *     RealPeer.start(t.reactor(), "openssl", "s_client", "-connect", "127.0.0.1:" + port);
 * t.await(client.lineContaining("Verify return code"));
 *
 * RealPeer.Result got = RealPeer.command("curl", "-sS", url).run(Duration.ofSeconds(30));
 * }</pre>
 *
 * <ul>
 *   <li>A peer that is not installed fails the test at once, naming the Debian package to install
 *       ({@code apt-get install openssl}); {@code .ci/run} installs every peer the tests use.
 *   <li>Its output (stdout and stderr, merged unless {@link Command#separateStderr()}) is read on
 *       virtual threads as it comes. A peer started on a reactor hands each line to it with {@code
 *       callFromThread}, so the test awaits lines ({@link #lineContaining}) and the exit ({@link
 *       #exited()}) as Deferreds. A test without a reactor waits for them with {@link #awaitLine}
 *       and {@link #awaitExit}, each with a bound. No sleeps, no polling: a wait that runs out
 *       fails the test, quoting what the peer printed.
 *   <li>{@link Command#run(Duration)} runs a program to completion and gives back its exit code and
 *       output ({@link Result}).
 *   <li>Under {@link BraidTest}, everything the peers of a test printed is added to that test's
 *       failure, and every peer still running when the test ends is killed.
 * </ul>
 *
 * <p>Threads: the Deferreds fire on the reactor thread, so call {@link #lineContaining} there (a
 * test body holding the reactor); the blocking waits and the output accessors work on any thread.
 */
public final class RealPeer implements AutoCloseable {
  private static final List<RealPeer> RUNNING = new CopyOnWriteArrayList<>();

  private final String name;
  private final Process process;
  private final Reactor reactor;

  // Guarded by this; any thread.
  private final StringBuilder out = new StringBuilder();
  private final StringBuilder err = new StringBuilder();
  private final List<String> allLines = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private int readersLeft;
  private int awaitedUpTo;
  private int exitCode = Integer.MIN_VALUE;

  // Reactor thread only.
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Deferred<Integer> exited = new Deferred<>();
  private int readUpTo;

  private record Waiter(Predicate<String> test, Deferred<String> result) {}

  private record Watch(Predicate<String> test, CompletableFuture<String> line) {}

  /**
   * What a peer run to completion did: its exit code, what it wrote to stdout ({@code out}, with
   * stderr merged in unless the command {@link Command#separateStderr() kept it apart}) and to
   * stderr ({@code err}, empty when merged).
   *
   * @param exit the exit code
   * @param out stdout, exactly as written (stderr merged in unless kept apart)
   * @param err stderr when kept apart, else empty
   */
  public record Result(int exit, String out, String err) {
    /**
     * Returns this result when the peer exited with {@code expected}; otherwise fails the test with
     * an {@link AssertionError} that quotes what the peer printed.
     */
    public Result assertExit(int expected) {
      if (exit != expected) {
        throw new AssertionError(
            "the peer exited with " + exit + ", not " + expected + "; it printed:\n" + out + err);
      }
      return this;
    }
  }

  /**
   * A command line to run as a peer, with what to set up before it starts: {@link
   * RealPeer#command(String...)}. Not thread-safe; each {@code start} or {@code run} starts a new
   * process.
   */
  public static final class Command {
    private final List<String> command;
    private String debianPackage;
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private String input;
    private boolean separateStderr;

    private Command(List<String> command) {
      if (command.isEmpty()) {
        throw new IllegalArgumentException("no command");
      }
      this.command = List.copyOf(command);
      this.debianPackage = Path.of(command.getFirst()).getFileName().toString();
    }

    /**
     * The Debian package a missing program is installed from (by default the program's own name,
     * which is right for openssl, curl, haproxy and chromium).
     */
    public Command debianPackage(String name) {
      this.debianPackage = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Runs the program in {@code dir} (by default the test's working directory). */
    public Command directory(Path dir) {
      this.directory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Sets one environment variable of the program (the rest are the test's). */
    public Command environment(String variable, String value) {
      environment.put(Objects.requireNonNull(variable, "variable"), value);
      return this;
    }

    /**
     * Writes {@code text} (UTF-8) to the program's stdin when it starts, then closes stdin. Without
     * it, a started peer's stdin stays open for {@link RealPeer#send}, and a {@code run} closes it
     * at once.
     */
    public Command input(String text) {
      this.input = Objects.requireNonNull(text, "text");
      return this;
    }

    /** Keeps stderr apart from stdout: {@link RealPeer#err()}, {@link Result#err()}. */
    public Command separateStderr() {
      this.separateStderr = true;
      return this;
    }

    /**
     * Starts the program, its lines and exit delivered on {@code reactor} as Deferreds ({@link
     * RealPeer#lineContaining}, {@link RealPeer#exited()}) as well as to the blocking waits.
     */
    public RealPeer start(Reactor reactor) throws IOException {
      return launch(Objects.requireNonNull(reactor, "reactor"), input);
    }

    /**
     * Starts the program for a test without a reactor: wait on it with {@link RealPeer#awaitLine}
     * and {@link RealPeer#awaitExit}.
     */
    public RealPeer start() throws IOException {
      return launch(null, input);
    }

    /**
     * Runs the program to completion on this thread (never the reactor's) and gives back what it
     * did. Fails the test, quoting its output, when it has not exited within {@code bound}; it is
     * then killed.
     */
    public Result run(Duration bound) throws IOException {
      RealPeer peer = launch(null, input == null ? "" : input);
      peer.awaitExit(bound);
      return peer.result();
    }

    /**
     * {@link #run(Duration)} on a thread of its own, for a test that holds the reactor: the
     * Deferred fires on {@code reactor} with the result, or with the failure.
     */
    public Deferred<Result> run(Reactor reactor, Duration bound) {
      return reactor.deferToThread(() -> run(bound));
    }

    private RealPeer launch(Reactor reactor, String stdin) throws IOException {
      Path program = requireInstalled(command.getFirst(), debianPackage);
      List<String> resolved = new ArrayList<>(command);
      resolved.set(0, program.toString());
      ProcessBuilder builder = new ProcessBuilder(resolved).redirectErrorStream(!separateStderr);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      builder.environment().putAll(environment);
      Process process = builder.start();
      RealPeer peer =
          new RealPeer(reactor, program.getFileName().toString(), process, separateStderr);
      RUNNING.add(peer);
      if (stdin != null) {
        Thread.ofVirtual().name("braid-real-peer-stdin").start(() -> writeAndClose(peer, stdin));
      }
      return peer;
    }

    private static void writeAndClose(RealPeer peer, String text) {
      try (OutputStream stdin = peer.process.getOutputStream()) {
        stdin.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // the peer exited without reading it all; its exit code and output say why
      }
    }
  }

  private RealPeer(Reactor reactor, String name, Process process, boolean separateStderr) {
    this.name = name;
    this.process = process;
    this.reactor = reactor;
    this.readersLeft = separateStderr ? 2 : 1;
    read(process.getInputStream(), out);
    if (separateStderr) {
      read(process.getErrorStream(), err);
    }
  }

  private void read(InputStream stream, StringBuilder text) {
    Thread.ofVirtual()
        .name("braid-real-peer-" + name)
        .start(
            () -> {
              StringBuilder line = new StringBuilder();
              char[] buffer = new char[8192];
              try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  synchronized (this) {
                    text.append(buffer, 0, n);
                  }
                  for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                      int end = line.length();
                      if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                      }
                      line(line.toString());
                      line.setLength(0);
                    } else {
                      line.append(buffer[i]);
                    }
                  }
                }
              } catch (IOException e) {
                // the process went away
              }
              if (!line.isEmpty()) {
                line(line.toString());
              }
              readerDone();
            });
  }

  private void line(String line) {
    List<Watch> matched = new ArrayList<>();
    synchronized (this) {
      allLines.add(line);
      notifyAll();
      watches.removeIf(w -> w.test().test(line) && matched.add(w));
    }
    matched.forEach(w -> w.line().complete(line));
    if (reactor != null) {
      reactor.callFromThread(() -> add(line));
    }
  }

  private void readerDone() {
    List<Watch> unmatched;
    synchronized (this) {
      if (--readersLeft > 0) {
        return;
      }
      unmatched = List.copyOf(watches);
      watches.clear();
    }
    for (Watch w : unmatched) {
      w.line()
          .completeExceptionally(
              new AssertionError(
                  this
                      + " ended its output without the line the test watched for; it printed:\n"
                      + all()));
    }
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      code = -1;
    }
    synchronized (this) {
      exitCode = code;
      notifyAll();
    }
    int exit = code;
    if (reactor != null) {
      reactor.callFromThread(() -> exited.callback(exit));
    }
  }

  /**
   * A command line to start or run as a peer, with its Debian package, working directory,
   * environment, stdin and streams set on the {@link Command} before it starts.
   */
  public static Command command(String... command) {
    return new Command(List.of(Objects.requireNonNull(command, "command")));
  }

  /** Like {@link #command(String...)}, from a list. */
  public static Command command(List<String> command) {
    return new Command(command);
  }

  /**
   * Starts {@code command} (its first word a program on the PATH or an absolute path), with stdin a
   * pipe ({@link #send}). Fails the test when the program is missing, naming its Debian package
   * (the program's own name, which is right for openssl, curl, haproxy and chromium); {@link
   * #start(Reactor, String, List)} names another.
   */
  public static RealPeer start(Reactor reactor, String... command) throws IOException {
    return command(command).start(reactor);
  }

  /**
   * Like {@link #start(Reactor, String...)}; a missing program fails the test naming {@code
   * debianPackage} ({@code "python3-twisted"}, say).
   */
  public static RealPeer start(Reactor reactor, String debianPackage, List<String> command)
      throws IOException {
    return command(command).debianPackage(debianPackage).start(reactor);
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

  private Reactor reactor() {
    if (reactor == null) {
      throw new IllegalStateException(
          this + " was started without a reactor: use awaitLine and awaitExit");
    }
    return reactor;
  }

  /**
   * Fires with the next line (after those already matched) containing {@code text}. Only for a peer
   * started on a reactor.
   */
  public Deferred<String> lineContaining(String text) {
    return lineMatching(l -> l.contains(text));
  }

  /**
   * Fires with the next line (after those already matched) that {@code wanted} accepts. Only for a
   * peer started on a reactor.
   */
  public Deferred<String> lineMatching(Predicate<String> wanted) {
    reactor();
    Deferred<String> d = new Deferred<>();
    waiters.add(new Waiter(wanted, d));
    check();
    return d;
  }

  /**
   * Waits on this thread for the next line (after those the blocking waits already read) that
   * {@code wanted} accepts, and returns it. Fails the test, quoting the output, when the peer's
   * output ends first or no such line comes within {@code bound}.
   */
  public String awaitLine(Predicate<String> wanted, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (this) {
      while (true) {
        while (awaitedUpTo < allLines.size()) {
          String line = allLines.get(awaitedUpTo++);
          if (wanted.test(line)) {
            return line;
          }
        }
        if (readersLeft == 0) {
          throw new AssertionError(
              this
                  + " ended its output before the line the test waited for; it printed:\n"
                  + all());
        }
        waitUntil(deadline, "a line");
      }
    }
  }

  /**
   * Completes with the first line, already printed or to come, that {@code test} accepts (which
   * sees each line once, in order), or fails when the output ends without one; any thread. For a
   * test that waits for one of several things at once ({@link CompletableFuture#anyOf}).
   */
  public CompletableFuture<String> firstLine(Predicate<String> test) {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (this) {
      for (String line : allLines) {
        if (test.test(line)) {
          found.complete(line);
          return found;
        }
      }
      if (readersLeft > 0) {
        watches.add(new Watch(test, found));
        return found;
      }
    }
    found.completeExceptionally(
        new AssertionError(this + " printed no such line; it printed:\n" + all()));
    return found;
  }

  /** Every line the peer printed so far, in order (any thread). */
  public synchronized List<String> lines() {
    return List.copyOf(allLines);
  }

  /** {@link #awaitLine(Predicate, Duration)} for the next line containing {@code text}. */
  public String awaitLineContaining(String text, Duration bound) {
    return awaitLine(l -> l.contains(text), bound);
  }

  /**
   * The lines the blocking waits have read so far: every line up to and including the last one
   * {@link #awaitLine} returned.
   */
  public synchronized List<String> linesAwaited() {
    return List.copyOf(allLines.subList(0, awaitedUpTo));
  }

  /**
   * Waits on this thread until the peer has exited and its output has ended, and returns its exit
   * code. Fails the test, quoting the output, when that takes longer than {@code bound}; the peer
   * is then killed.
   */
  public int awaitExit(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (this) {
      try {
        while (exitCode == Integer.MIN_VALUE) {
          waitUntil(deadline, "its exit");
        }
      } catch (AssertionError e) {
        process.destroyForcibly();
        throw e;
      }
      return exitCode;
    }
  }

  /**
   * Waits on this thread, at most {@code bound}, until the peer has exited and its output has
   * ended; says whether it has (then {@link #result()} has its exit code). Like {@link
   * Process#waitFor(long, java.util.concurrent.TimeUnit)}, it leaves a peer still running alone.
   */
  public boolean exitsWithin(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    synchronized (this) {
      while (exitCode == Integer.MIN_VALUE) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void waitUntil(long deadline, String what) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new AssertionError(
          "the test waited in vain for " + what + " of " + this + "; it printed:\n" + all());
    }
    try {
      wait(Math.max(1, left / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + what + " of " + this, e);
    }
  }

  /** What the peer did, once it has exited ({@link #awaitExit} first). */
  public synchronized Result result() {
    if (exitCode == Integer.MIN_VALUE) {
      throw new IllegalStateException(this + " has not exited");
    }
    return new Result(exitCode, out.toString(), err.toString());
  }

  private synchronized String all() {
    return out.toString() + err;
  }

  /** Every line the peer printed so far, joined by newlines (any thread). */
  public synchronized String output() {
    return String.join("\n", allLines);
  }

  /**
   * What the peer wrote to stdout so far, exactly (with stderr merged in unless the command {@link
   * Command#separateStderr() kept it apart}); any thread.
   */
  public synchronized String out() {
    return out.toString();
  }

  /** What the peer wrote to stderr so far when it was kept apart, else empty; any thread. */
  public synchronized String err() {
    return err.toString();
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

  /**
   * Fires with the exit code, once the peer has exited and its output has ended. Only for a peer
   * started on a reactor.
   */
  public Deferred<Integer> exited() {
    reactor();
    return exited;
  }

  /** The process, for what this class does not cover. */
  public Process process() {
    return process;
  }

  /** The peer's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Asks the peer to stop with SIGTERM, as a user's {@code kill} does; its output is still read to
   * the end ({@link #awaitExit}).
   */
  public void terminate() {
    process.toHandle().destroy();
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
      out.add("output of " + peer + ":\n" + peer.all());
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
