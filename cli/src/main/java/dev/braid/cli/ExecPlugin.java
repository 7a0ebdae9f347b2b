package dev.braid.cli;

import dev.braid.defer.Deferred;
import dev.braid.net.HalfCloseableProtocol;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.PushProducers;
import dev.braid.net.Transport;
import dev.braid.plugin.ListeningPlugin;
import dev.braid.process.ExitStatus;
import dev.braid.process.ProcessOutputLogger;
import dev.braid.process.ProcessProtocol;
import dev.braid.process.ProcessStopper;
import dev.braid.process.ProcessTransport;
import dev.braid.process.Processes;
import dev.braid.reactor.Reactor;
import dev.braid.service.AbstractService;
import dev.braid.service.MultiService;
import dev.braid.service.Service;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code braid exec}: inetd-style. Each accepted connection starts a new process; the bytes the
 * peer sends go to its stdin, and its stdout goes back to the peer, with flow control both ways (a
 * full stdin pipe pauses reading the socket, a full socket buffer pauses reading stdout). The
 * peer's end of input (or close) closes stdin; the process's end closes the connection once its
 * output is sent. Stderr is logged line by line. At most {@code --max-processes} run at once;
 * connections beyond that are closed at once. Each process leads its own process group; when the
 * connection closes, on stop, and when the process exits, what is left of the group gets TERM, then
 * KILL after {@code --kill-time}.
 */
@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "inetd-style server: runs COMMAND for each connection, joined to its stdin and stdout.",
      "Usage: braid exec --listen tcp:PORT [options] -- COMMAND ARGS..."
    })
public final class ExecPlugin extends ListeningPlugin {

  @Option(
      names = "--max-processes",
      paramLabel = "N",
      defaultValue = "64",
      description =
          "At most N processes at once; further connections are closed (default: ${DEFAULT-VALUE}).")
  private int maxProcesses;

  @Option(
      names = "--kill-time",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "KILL a process and its process group this long after TERM, on stop or after it exited"
              + " (default: ${DEFAULT-VALUE}).")
  private double killTime;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "1..*",
      description = "The command to run for each connection (after --), and its arguments.")
  private List<String> command;

  /** Processes running now, over every reactor. */
  private final AtomicInteger running = new AtomicInteger();

  /** One entry per reactor that serves connections, to stop their processes. */
  private final List<PerReactor> reactors = new ArrayList<>();

  @Override
  protected String defaultEndpoint() {
    return "tcp:8023";
  }

  @Override
  protected ProtocolFactory factory(Reactor reactor) {
    if (maxProcesses < 1) {
      throw new IllegalArgumentException("--max-processes must be at least 1, got " + maxProcesses);
    }
    if (!(killTime >= 0) || Double.isInfinite(killTime)) {
      throw new IllegalArgumentException("--kill-time must be a non-negative number of seconds");
    }
    try {
      Processes.resolveProgram(command.getFirst(), Path.of("").toAbsolutePath());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    PerReactor perReactor = new PerReactor(reactor);
    reactors.add(perReactor);
    return peer -> new Connection(perReactor, String.valueOf(peer));
  }

  @Override
  public Service service(Reactor reactor) {
    return withProcessStopper((MultiService) super.service(reactor), reactor);
  }

  @Override
  public Service service(dev.braid.reactor.ReactorGroup group) {
    return withProcessStopper((MultiService) super.service(group), group.reactors().getFirst());
  }

  /**
   * Adds a service whose stop ends every running process; the listening services stop first (the
   * multi-service stops its children in reverse), so no new process starts meanwhile.
   */
  private Service withProcessStopper(MultiService root, Reactor home) {
    root.addService(
        new AbstractService("processes") {
          @Override
          protected Deferred<Void> doStart() {
            return Deferred.succeed(null);
          }

          @Override
          protected Deferred<Void> doStop() {
            List<Deferred<Void>> stops = new ArrayList<>();
            for (PerReactor r : reactors) {
              stops.add(onReactor(home, r.reactor, r::stopAll));
            }
            return Deferred.gather(stops).addCallback(all -> null);
          }
        });
    return root;
  }

  /**
   * Runs {@code work} on {@code target}'s thread; the returned Deferred fires on {@code home}'s
   * thread once the Deferred of {@code work} has fired.
   */
  private static Deferred<Void> onReactor(
      Reactor home, Reactor target, java.util.function.Supplier<Deferred<Void>> work) {
    if (home == target) {
      return work.get();
    }
    Deferred<Void> done = new Deferred<>();
    target.callFromThread(
        () ->
            work.get()
                .addBoth(
                    ignored -> {
                      home.callFromThread(() -> done.callback(null));
                      return null;
                    }));
    return done;
  }

  /** The connections served on one reactor. Its reactor's thread only. */
  private final class PerReactor {
    final Reactor reactor;
    final Set<Connection> connections = new LinkedHashSet<>();

    PerReactor(Reactor reactor) {
      this.reactor = reactor;
    }

    Deferred<Void> stopAll() {
      List<Deferred<Void>> ends = new ArrayList<>();
      for (Connection connection : List.copyOf(connections)) {
        ends.add(connection.terminate());
      }
      return Deferred.gather(ends).addCallback(all -> null);
    }
  }

  /** One accepted connection and its process. */
  private final class Connection implements HalfCloseableProtocol, ProcessProtocol {
    private final PerReactor home;
    private final String peer;
    private Transport socket;
    private ProcessTransport process;
    private ProcessOutputLogger stderr;
    private final ProcessStopper stopper;

    Connection(PerReactor home, String peer) {
      this.home = home;
      this.peer = peer;
      this.stopper = new ProcessStopper(home.reactor, Duration.ofNanos((long) (killTime * 1e9)));
    }

    @Override
    public void connectionMade(Transport transport) {
      socket = transport;
      if (running.incrementAndGet() > maxProcesses) {
        running.decrementAndGet();
        Log.LOG
            .atWarn()
            .addKeyValue("peer", peer)
            .log("refusing a connection: {} processes already run", maxProcesses);
        socket.loseConnection();
        return;
      }
      try {
        Processes.spawn(home.reactor, this, command, System.getenv(), Path.of("").toAbsolutePath());
      } catch (IOException e) {
        running.decrementAndGet();
        Log.LOG
            .atWarn()
            .addKeyValue("peer", peer)
            .log("cannot start {}: {}", command.getFirst(), e.getMessage());
        socket.loseConnection();
        return;
      }
      home.connections.add(this);
      // Each side's writes pace the other side's reading.
      process.registerProducer(PushProducers.readingOf(socket));
      socket.registerProducer(PushProducers.of(process::pauseProducing, process::resumeProducing));
    }

    @Override
    public void connectionMade(ProcessTransport transport) {
      process = transport;
      stderr =
          new ProcessOutputLogger(
              Log.LOG, command.getFirst() + "[" + transport.pid() + "]", "stderr");
      Log.LOG
          .atInfo()
          .addKeyValue("peer", peer)
          .addKeyValue("pid", transport.pid())
          .log("started {} for {}", command.getFirst(), peer);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      if (process != null && !stopper.hasExited()) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        process.write(copy);
      }
    }

    @Override
    public void readConnectionLost() {
      if (process != null) {
        process.closeStdin();
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      if (process != null && !stopper.hasExited()) {
        process.closeStdin();
        terminate();
      }
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
      if (fd == 1) {
        if (!socket.disconnecting()) {
          socket.writeCopy(data);
        }
      } else {
        stderr.feed(data);
      }
    }

    @Override
    public void processExited(ExitStatus status) {
      // What the process started in the background is stopped too, so it cannot hold the
      // connection open through the process's stdout.
      stopper.exited(process, () -> {});
    }

    @Override
    public void processEnded(ExitStatus status) {
      stderr.flush();
      running.decrementAndGet();
      home.connections.remove(this);
      Log.LOG
          .atInfo()
          .addKeyValue("peer", peer)
          .addKeyValue("pid", process.pid())
          .log("{} ended: {}", command.getFirst(), status);
      socket.unregisterProducer();
      socket.loseConnection();
      stopper.ended();
    }

    /**
     * Closes stdin, TERM to the process group now, KILL after the kill time; fires once the process
     * has ended.
     */
    Deferred<Void> terminate() {
      if (!stopper.hasExited()) {
        process.closeStdin();
      }
      return stopper.stop(process, () -> {});
    }
  }

  /** The logger, made on first use: the plugin class loads before the command sets up logging. */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(ExecPlugin.class);
  }
}
