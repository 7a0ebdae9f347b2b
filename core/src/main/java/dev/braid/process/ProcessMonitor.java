package dev.braid.process;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import dev.braid.service.AbstractService;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps named child processes running (Twisted's {@code procmon}): starts them when the service
 * starts, restarts each one when it dies, and stops them all when the service stops. Reactor thread
 * only (all timing runs on the {@link ReactorTime} it was built with).
 *
 * <h2>Restarts</h2>
 *
 * A process that ran for at least {@link Builder#threshold} (default 1 s) is restarted at once and
 * its delay goes back to {@link Builder#minRestartDelay} (default 1 s). A process that died sooner
 * is restarted after its current delay, which then doubles, up to {@link Builder#maxRestartDelay}
 * (default 3600 s). A program that cannot be started at all counts as a process that died at once.
 *
 * <h2>Stopping</h2>
 *
 * Stopping the service, {@link #removeProcess} and {@link #restartAll} send each process's group
 * {@code TERM}, then {@code KILL} if it has not ended after {@link Builder#killTime} (default 5 s);
 * each process leads its own process group ({@link Processes#spawn}), so what it started in the
 * background is stopped with it. When a process exits by itself, what is left of its group is
 * stopped the same way before the restart. The service's stop Deferred fires once every process has
 * ended (exited, and its output pipes closed or given up after the {@code KILL}).
 *
 * <p>The restart rule measures a run from the start to the child's exit, so a child that crashes at
 * once while a background process holds its pipes counts as a crash.
 *
 * <h2>Output</h2>
 *
 * Every line a process writes to stdout or stderr is logged at INFO through SLF4J, with the
 * key-value fields {@code process} (its name) and {@code stream} ({@code stdout} or {@code
 * stderr}). Lines longer than 64 KiB are logged in pieces; a last line without a newline is logged
 * when the process ends.
 */
public final class ProcessMonitor extends AbstractService {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessMonitor.class);

  /**
   * Starts a child process: the seam between the monitor and the operating system. The default is
   * {@link Processes#spawn} on the monitor's reactor; tests pass a fake. Called on the reactor
   * thread.
   */
  @FunctionalInterface
  public interface Spawner {
    /**
     * Starts {@code argv} with environment {@code env} in {@code workingDir}, connected to {@code
     * protocol} (whose {@code connectionMade} runs before this returns).
     *
     * @throws IOException if the program cannot be started
     */
    ProcessTransport spawn(
        ProcessProtocol protocol, List<String> argv, Map<String, String> env, Path workingDir)
        throws IOException;
  }

  private final ReactorTime time;
  private final Spawner spawner;
  private final Duration minRestartDelay;
  private final Duration maxRestartDelay;
  private final Duration threshold;
  private final Duration killTime;
  private final Map<String, Child> children = new LinkedHashMap<>();

  private ProcessMonitor(String name, Builder b) {
    super(name);
    this.time = b.time;
    this.spawner = b.spawner;
    this.minRestartDelay = b.minRestartDelay;
    this.maxRestartDelay = b.maxRestartDelay;
    this.threshold = b.threshold;
    this.killTime = b.killTime;
  }

  /** A builder for a monitor that spawns real processes on {@code reactor} and uses its clock. */
  public static Builder builder(Reactor reactor) {
    return new Builder(
        reactor, (protocol, argv, env, dir) -> Processes.spawn(reactor, protocol, argv, env, dir));
  }

  /**
   * A builder for a monitor with its own clock and spawner (tests pass a fake clock and spawner).
   */
  public static Builder builder(ReactorTime time, Spawner spawner) {
    return new Builder(time, spawner);
  }

  /**
   * Adds a process with the monitor's environment ({@link System#getenv()}) and working directory.
   *
   * @see #addProcess(String, List, Map, Path)
   */
  public void addProcess(String name, List<String> argv) {
    addProcess(name, argv, System.getenv(), Path.of("").toAbsolutePath());
  }

  /**
   * Adds a process called {@code name} that runs {@code argv} (program first) with exactly the
   * environment {@code env} in {@code workingDir}; if the monitor runs, the process starts now.
   *
   * @throws IllegalArgumentException if a process called {@code name} exists or {@code argv} is
   *     empty
   */
  public void addProcess(String name, List<String> argv, Map<String, String> env, Path workingDir) {
    if (children.containsKey(name)) {
      throw new IllegalArgumentException("a process named " + name + " is already monitored");
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("process " + name + " has an empty command");
    }
    Child child = new Child(name, List.copyOf(argv), Map.copyOf(env), workingDir);
    children.put(name, child);
    if (running()) {
      child.start();
    }
  }

  /**
   * Removes the process called {@code name}: it is no longer restarted, and stopped (TERM, then
   * KILL after the kill time) if it runs. The Deferred fires once it has ended.
   *
   * @throws IllegalArgumentException if there is no such process
   */
  public Deferred<Void> removeProcess(String name) {
    Child child = children.remove(name);
    if (child == null) {
      throw new IllegalArgumentException("no process named " + name + " is monitored");
    }
    child.removed = true;
    return child.stop();
  }

  /**
   * Stops every running process (TERM, then KILL after the kill time); each is restarted by the
   * usual rule once it has ended (at once if it ran for the threshold). A process waiting for its
   * restart keeps waiting. Does nothing when the monitor is not running.
   */
  public void restartAll() {
    if (!running()) {
      return;
    }
    for (Child child : children.values()) {
      if (child.transport != null) {
        child.stop();
      }
    }
  }

  /** The names of the monitored processes, in the order they were added. */
  public List<String> processes() {
    return List.copyOf(children.keySet());
  }

  /** The process id of the process called {@code name}, while it runs. */
  public Optional<Long> pid(String name) {
    Child child = children.get(name);
    return child == null || child.transport == null || child.stopper.hasExited()
        ? Optional.empty()
        : Optional.of(child.transport.pid());
  }

  /** The delay the process called {@code name} would wait if it died now before the threshold. */
  public Optional<Duration> currentDelay(String name) {
    return Optional.ofNullable(children.get(name)).map(c -> c.delay);
  }

  @Override
  protected Deferred<Void> doStart() {
    for (Child child : children.values()) {
      child.delay = minRestartDelay;
      child.start();
    }
    return Deferred.succeed(null);
  }

  @Override
  protected Deferred<Void> doStop() {
    List<Deferred<Void>> stops = new ArrayList<>();
    for (Child child : children.values()) {
      stops.add(child.stop());
    }
    return Deferred.gather(stops).addCallback(all -> null);
  }

  /** One monitored process: its command, its running instance and its restart state. */
  private final class Child implements ProcessProtocol {
    final String name;
    final List<String> argv;
    final Map<String, String> env;
    final Path workingDir;
    final ProcessOutputLogger stdout;
    final ProcessOutputLogger stderr;
    Duration delay = minRestartDelay;
    ProcessTransport transport;
    boolean removed;
    long startedNanos;
    long exitedNanos;
    DelayedCall restart;
    final ProcessStopper stopper = new ProcessStopper(time, killTime);

    Child(String name, List<String> argv, Map<String, String> env, Path workingDir) {
      this.name = name;
      this.argv = argv;
      this.env = env;
      this.workingDir = workingDir;
      this.stdout = new ProcessOutputLogger(LOG, name, "stdout");
      this.stderr = new ProcessOutputLogger(LOG, name, "stderr");
    }

    void start() {
      restart = null;
      if (transport != null) {
        return;
      }
      startedNanos = time.nanoTime();
      stopper.started();
      try {
        transport = spawner.spawn(this, argv, env, workingDir);
      } catch (IOException | RuntimeException e) {
        transport = null;
        LOG.atWarn()
            .addKeyValue("process", name)
            .log("cannot start process {}: {}", name, e.getMessage());
        scheduleRestart(false);
        return;
      }
      LOG.atInfo()
          .addKeyValue("process", name)
          .addKeyValue("pid", transport.pid())
          .log("started process {}: {}", name, String.join(" ", argv));
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
      (fd == 2 ? stderr : stdout).feed(data);
    }

    @Override
    public void processExited(ExitStatus status) {
      exitedNanos = time.nanoTime();
      // Whatever the process left behind in its group is stopped before the restart, and so
      // cannot keep its pipes, or a port, held.
      stopper.exited(
          transport,
          () ->
              LOG.atWarn()
                  .addKeyValue("process", name)
                  .log(
                      "process {} exited, but its process group still runs {} later; sending KILL",
                      name,
                      killTime));
    }

    @Override
    public void processEnded(ExitStatus status) {
      stdout.flush();
      stderr.flush();
      transport = null;
      LOG.atInfo()
          .addKeyValue("process", name)
          .addKeyValue("status", status.toString())
          .log("process {} ended: {}", name, describe(status));
      stopper.ended();
      if (running() && !removed) {
        // The run is measured to the child's exit, not to the end of its output.
        boolean ranLong = exitedNanos - startedNanos >= threshold.toNanos();
        scheduleRestart(ranLong);
      }
    }

    /** Schedules the next start: at once after a long run (delay reset), else after the delay. */
    private void scheduleRestart(boolean ranLong) {
      Duration wait;
      if (ranLong) {
        delay = minRestartDelay;
        wait = Duration.ZERO;
      } else {
        wait = delay;
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(maxRestartDelay) > 0 ? maxRestartDelay : doubled;
      }
      LOG.atInfo()
          .addKeyValue("process", name)
          .log("restarting process {} in {} s", name, wait.toMillis() / 1000.0);
      restart = time.callLater(wait, this::start);
    }

    /** Cancels a pending restart; TERMs the process, KILLs it later; fires once it has ended. */
    Deferred<Void> stop() {
      if (restart != null && restart.active()) {
        restart.cancel();
      }
      restart = null;
      if (transport == null) {
        return Deferred.succeed(null);
      }
      return stopper.stop(
          transport,
          () ->
              LOG.atWarn()
                  .addKeyValue("process", name)
                  .log(
                      "process {} has not ended {} after TERM; sending KILL to its process group",
                      name,
                      killTime));
    }
  }

  private static String describe(ExitStatus status) {
    return switch (status) {
      case ExitStatus.Exited e -> "exit code " + e.code();
      case ExitStatus.Signaled s -> "killed by signal " + s.signal();
    };
  }

  /** Settings of a new monitor. Not thread-safe; build once. */
  public static final class Builder {
    private final ReactorTime time;
    private final Spawner spawner;
    private Duration minRestartDelay = Duration.ofSeconds(1);
    private Duration maxRestartDelay = Duration.ofSeconds(3600);
    private Duration threshold = Duration.ofSeconds(1);
    private Duration killTime = Duration.ofSeconds(5);

    private Builder(ReactorTime time, Spawner spawner) {
      this.time = time;
      this.spawner = spawner;
    }

    /** The first restart delay of a process that dies quickly (positive; default 1 s). */
    public Builder minRestartDelay(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the minimum restart delay must be positive, got " + d);
      }
      this.minRestartDelay = d;
      return this;
    }

    /** The longest restart delay (at least the minimum; default 3600 s). */
    public Builder maxRestartDelay(Duration d) {
      this.maxRestartDelay = d;
      return this;
    }

    /** How long a process must run to count as healthy (not negative; default 1 s). */
    public Builder threshold(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("the threshold must not be negative, got " + d);
      }
      this.threshold = d;
      return this;
    }

    /** How long a process may take to end after TERM before it gets KILL (not negative; 5 s). */
    public Builder killTime(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("the kill time must not be negative, got " + d);
      }
      this.killTime = d;
      return this;
    }

    /**
     * A monitor called {@code name} with these settings, not yet running.
     *
     * @throws IllegalArgumentException if the maximum restart delay is below the minimum
     */
    public ProcessMonitor build(String name) {
      if (maxRestartDelay.compareTo(minRestartDelay) < 0) {
        throw new IllegalArgumentException(
            "the maximum restart delay "
                + maxRestartDelay
                + " is shorter than the minimum "
                + minRestartDelay);
      }
      return new ProcessMonitor(name, this);
    }
  }
}
