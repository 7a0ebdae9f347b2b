package dev.braid.process;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helpers for real process groups: a protocol that forwards to another one while it records
 * stdout and fires Deferreds on the first line, the exit and the end; checks of {@code /proc}; and
 * a list of pids to kill when the test is over, whatever its outcome.
 */
final class ProcessGroupProbe {
  private ProcessGroupProbe() {}

  /** Forwards every event to {@code delegate}, recording stdout and firing Deferreds. */
  static final class Watcher implements ProcessProtocol {
    final ProcessProtocol delegate;
    final StringBuilder stdout = new StringBuilder();
    final Deferred<String> firstLine = new Deferred<>();
    final Deferred<ExitStatus> exited = new Deferred<>();
    final Deferred<ExitStatus> ended = new Deferred<>();
    ProcessTransport transport;

    /** Runs just after {@code processExited} reached the delegate. */
    Runnable afterExit = () -> {};

    Watcher(ProcessProtocol delegate) {
      this.delegate = delegate;
    }

    Watcher() {
      this(new ProcessProtocol() {});
    }

    @Override
    public void connectionMade(ProcessTransport transport) {
      this.transport = transport;
      delegate.connectionMade(transport);
    }

    @Override
    public void childDataReceived(int fd, ByteBuffer data) {
      if (fd == 1) {
        stdout.append(StandardCharsets.UTF_8.decode(data.duplicate()));
        int newline = stdout.indexOf("\n");
        if (newline >= 0 && !firstLine.called()) {
          firstLine.callback(stdout.substring(0, newline));
        }
      }
      delegate.childDataReceived(fd, data);
    }

    @Override
    public void processExited(ExitStatus status) {
      delegate.processExited(status);
      exited.callback(status);
      afterExit.run();
    }

    @Override
    public void processEnded(ExitStatus status) {
      delegate.processEnded(status);
      ended.callback(status);
    }
  }

  /** The fields of {@code /proc/PID/stat} after the command name, or empty if there is none. */
  static List<String> stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return List.of(stat.substring(stat.lastIndexOf(')') + 2).trim().split(" "));
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Whether {@code pid} is gone: no such process, or only a zombie waiting to be reaped. */
  static boolean gone(long pid) {
    List<String> fields = stat(pid);
    return fields.isEmpty() || fields.getFirst().equals("Z") || fields.getFirst().equals("X");
  }

  /** The process group of {@code pid}. */
  static long processGroup(long pid) {
    return Long.parseLong(stat(pid).get(2));
  }

  /** Fires once {@code pid} is gone, polling {@code /proc} on the reactor's clock. */
  static Deferred<Void> whenGone(Reactor reactor, long pid) {
    Deferred<Void> gone = new Deferred<>();
    poll(reactor, pid, gone);
    return gone;
  }

  private static void poll(Reactor reactor, long pid, Deferred<Void> done) {
    if (gone(pid)) {
      done.callback(null);
    } else {
      reactor.callLater(Duration.ofMillis(10), () -> poll(reactor, pid, done));
    }
  }

  /** Pids a test started, killed with KILL at the end of the test if they are still there. */
  static final class Leftovers implements AutoCloseable {
    private final List<Long> pids = new ArrayList<>();

    void add(long pid) {
      pids.add(pid);
    }

    /** Adds every number on the first line of {@code line} (pids a shell printed). */
    void addAll(String line) {
      for (String word : line.trim().split("\\s+")) {
        add(Long.parseLong(word));
      }
    }

    @Override
    public void close() {
      for (long pid : pids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
