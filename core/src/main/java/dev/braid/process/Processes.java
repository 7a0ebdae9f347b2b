package dev.braid.process;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts child processes on a reactor. Every method must be called on the reactor thread.
 *
 * <p>Java's process pipes block, so each child gets three virtual threads (stdout, stderr, stdin)
 * that hand data to the reactor with {@link Reactor#callFromThread}; the protocol only ever runs on
 * the reactor thread.
 */
public final class Processes {
  private Processes() {}

  /**
   * Starts {@code argv} (program first, looked up on the {@code PATH} when it has no slash) with
   * exactly the environment {@code env} (pass {@link System#getenv()} to inherit the reactor's) in
   * {@code workingDir}, and connects it to {@code protocol}, whose {@link
   * ProcessProtocol#connectionMade} runs before this returns.
   *
   * <p>On Linux the child is started through the {@code setsid} program, so it leads a process
   * group (and session) of its own, whose id is its pid: {@link
   * ProcessTransport#signalProcessGroup} then reaches whatever the child started, and nothing else.
   * The program is looked up on this JVM's {@code PATH} (as {@link ProcessBuilder} does) and given
   * to {@code setsid} by its full path. Without {@code setsid} the child shares the JVM's process
   * group (logged once).
   *
   * @return the transport also given to {@code connectionMade}
   * @throws IOException if the program cannot be started (missing, not executable, bad directory);
   *     the protocol then hears nothing
   * @throws IllegalArgumentException if {@code argv} is empty
   * @throws IllegalStateException if called off the reactor thread
   */
  public static ProcessTransport spawn(
      Reactor reactor,
      ProcessProtocol protocol,
      List<String> argv,
      Map<String, String> env,
      Path workingDir)
      throws IOException {
    if (!reactor.isReactorThread()) {
      throw new IllegalStateException(
          "Processes.spawn must be called on the reactor thread; use reactor.callFromThread");
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty: it needs at least the program");
    }
    ProcessBuilder builder =
        new ProcessBuilder(ProcessGroups.command(List.copyOf(argv), workingDir))
            .directory(workingDir.toFile());
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    RealProcessTransport transport =
        new RealProcessTransport(reactor, process, protocol, ProcessGroups.supported());
    transport.start();
    return transport;
  }

  /** What {@link #getProcessOutput} does with output on stderr. */
  public enum Stderr {
    /** Any byte on stderr fails the result with a {@link ProcessOutputException}. */
    FAIL,
    /** Stderr is read and thrown away. */
    DISCARD
  }

  /**
   * The full path of {@code program} as {@link #spawn} would run it from {@code workingDir}: looked
   * up on this JVM's {@code PATH} when it has no slash, else resolved against {@code workingDir}.
   * Lets a server check its program when it starts rather than at its first connection. Any thread.
   *
   * @throws IOException naming the program and why it cannot run (no such file, not found on the
   *     PATH, permission denied)
   */
  public static Path resolveProgram(String program, Path workingDir) throws IOException {
    return ProcessGroups.resolveProgram(program, workingDir);
  }

  /**
   * Runs {@code argv} (inherited environment, current directory) with stdin closed, and fires with
   * everything it wrote to stdout once it has ended, whatever its exit status. Fails with a {@link
   * ProcessOutputException} if it wrote anything to stderr, or with the {@link IOException} if it
   * cannot be started.
   */
  public static Deferred<ByteString> getProcessOutput(Reactor reactor, List<String> argv) {
    return getProcessOutput(reactor, argv, Stderr.FAIL);
  }

  /** Like {@link #getProcessOutput(Reactor, List)}, with a choice of what stderr means. */
  public static Deferred<ByteString> getProcessOutput(
      Reactor reactor, List<String> argv, Stderr stderr) {
    Deferred<ByteString> result = new Deferred<>();
    ProcessProtocol collector =
        new ProcessProtocol() {
          private final ByteArrayOutputStream out = new ByteArrayOutputStream();
          private final ByteArrayOutputStream err = new ByteArrayOutputStream();

          @Override
          public void connectionMade(ProcessTransport transport) {
            transport.closeStdin();
          }

          @Override
          public void childDataReceived(int fd, ByteBuffer data) {
            ByteArrayOutputStream target = fd == 1 ? out : err;
            if (fd == 1 || stderr == Stderr.FAIL) {
              byte[] bytes = new byte[data.remaining()];
              data.get(bytes);
              target.writeBytes(bytes);
            }
          }

          @Override
          public void processEnded(ExitStatus status) {
            ByteString stdout = ByteString.wrapOwned(out.toByteArray());
            if (err.size() > 0) {
              result.errback(
                  new ProcessOutputException(
                      status, stdout, ByteString.wrapOwned(err.toByteArray())));
            } else {
              result.callback(stdout);
            }
          }
        };
    return start(reactor, argv, collector, result);
  }

  /**
   * Runs {@code argv} (inherited environment, current directory) with stdin closed and its output
   * discarded, and fires with its exit value once it has ended: the exit code, or {@code 128 + N}
   * for a process killed by signal N (as {@link ExitStatus#rawValue()}). Fails with the {@link
   * IOException} if it cannot be started.
   */
  public static Deferred<Integer> getProcessValue(Reactor reactor, List<String> argv) {
    Deferred<Integer> result = new Deferred<>();
    ProcessProtocol waiter =
        new ProcessProtocol() {
          @Override
          public void connectionMade(ProcessTransport transport) {
            transport.closeStdin();
          }

          @Override
          public void processEnded(ExitStatus status) {
            result.callback(status.rawValue());
          }
        };
    return start(reactor, argv, waiter, result);
  }

  private static <T> Deferred<T> start(
      Reactor reactor, List<String> argv, ProcessProtocol protocol, Deferred<T> result) {
    try {
      spawn(reactor, protocol, argv, System.getenv(), Path.of("").toAbsolutePath());
    } catch (IOException e) {
      return Deferred.fail(e);
    }
    return result;
  }
}
