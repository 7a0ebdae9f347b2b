package dev.braid.cli;

import static dev.braid.cli.Launcher.EXIT;
import static dev.braid.cli.Launcher.LOG_LINE;
import static dev.braid.cli.Launcher.exitAfterSigterm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code braid procmon} and {@code braid exec} run as a user runs them: the built jar as a
 * subprocess, supervising real programs, driven by Python's socket module, stopped with SIGTERM.
 */
@BraidTest
class ProcessPluginsIT {
  private final List<Long> childPids = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    childPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  /** Waits (bounded) until {@code pid} has exited; a zombie not yet reaped counts as gone. */
  private static void assertGone(long pid) throws Exception {
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return;
    }
    try {
      handle.get().onExit().get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      String stat;
      try {
        stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      } catch (IOException gone) {
        return;
      }
      assertThat(stat.substring(stat.lastIndexOf(')') + 2)).as("process %d", pid).startsWith("Z");
    }
  }

  /** Starts {@code braid args...}. */
  private static RealPeer braid(String... args) throws IOException {
    return Launcher.braid(args).start();
  }

  /** Starts {@code braid exec} on a loopback port with {@code args}, the command among them. */
  private static RealPeer exec(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of("exec", "--listen", "tcp:0:interface=127.0.0.1"));
    command.addAll(List.of(args));
    return Launcher.braid(command).start();
  }

  /** Waits for the line saying where {@code server} listens; returns its port. */
  private static String listening(RealPeer server) {
    return Launcher.awaitMatch(server, Launcher.LISTENING).group(1);
  }

  /** Everything the process logged, once it has exited. */
  private static List<String> log(RealPeer process) {
    return process.err().lines().toList();
  }

  @Test
  void procmonRestartsACommandThatExitsAndStopsOnSigtermRemovingThePidfile() throws Exception {
    Path dir = Files.createTempDirectory("braid-procmon");
    Path pidFile = dir.resolve("braid.pid");
    RealPeer monitor =
        braid(
            "--pidfile",
            pidFile.toString(),
            "procmon",
            "--min-delay",
            "0.05",
            "--",
            "/bin/sh",
            "-c",
            "echo hello from the child; exit 3");
    Predicate<String> hello = l -> l.contains("hello from the child process=sh stream=stdout");
    monitor.awaitLine(hello, LOG_LINE);
    monitor.awaitLine(l -> l.contains("process sh ended: exit code 3"), LOG_LINE);
    monitor.awaitLine(hello, LOG_LINE);
    List<String> log = monitor.linesAwaited();
    assertThat(log.stream().filter(hello)).hasSize(2);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(monitor.pid()));
    assertThat(exitAfterSigterm(monitor)).isZero();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void procmonRunsEveryProcessOfAConfigFileWithItsEnvironmentAndDirectory() throws Exception {
    Path dir = Files.createTempDirectory("braid-procmon");
    Path work = Files.createDirectory(dir.resolve("work"));
    Path config = dir.resolve("procmon.conf");
    Files.writeString(
        config,
        """
        # two processes
        greeter: /bin/sh -c 'echo "greeting $WHO from $(pwd)"; exec sleep 1000'
        greeter.env.WHO = config
        greeter.cwd = work
        sleeper: sleep 1000
        """);
    RealPeer monitor = braid("procmon", "--kill-time", "1", "--config", config.toString());
    String greeting = "greeting config from " + work.toRealPath();
    monitor.awaitLineContaining(greeting, LOG_LINE);
    assertThat(exitAfterSigterm(monitor)).isZero();
    assertThat(log(monitor))
        .anySatisfy(l -> assertThat(l).contains("started process sleeper"))
        .anySatisfy(l -> assertThat(l).contains("process sleeper ended: killed by signal 15"))
        .noneSatisfy(l -> assertThat(l).contains("restarting"));
  }

  @Test
  void procmonWithABadConfigLineIsOneClearLineAndExitOne() throws Exception {
    Path config = Files.createTempFile("procmon", ".conf");
    Files.writeString(config, "web: python3 -m http.server\nnonsense here\n");
    RealPeer monitor = braid("procmon", "--config", config.toString());
    assertThat(monitor.exitsWithin(EXIT)).isTrue();
    String err = monitor.err();
    assertThat(monitor.result().exit()).isEqualTo(1);
    assertThat(err.lines()).singleElement().asString().startsWith("braid: " + config + " line 2: ");
  }

  @Test
  void execWithAProgramThatCannotRunFailsAtStartWithOneLine() throws Exception {
    RealPeer server = exec("--", "/nonexistent/prog");
    assertThat(server.exitsWithin(EXIT)).isTrue();
    String err = server.err();
    assertThat(server.result().exit()).isEqualTo(1);
    assertThat(err).doesNotContain("listening on");
    assertThat(err.lines())
        .singleElement()
        .asString()
        .startsWith("braid: Cannot run program \"/nonexistent/prog\"")
        .endsWith("no such file");
  }

  @Test
  void execJoinsEachConnectionToItsOwnProcessAndStopsOnSigterm() throws Exception {
    RealPeer server = exec("--", "tr", "a-z", "A-Z");
    String port = listening(server);
    String out =
        Launcher.python(
            """
            import socket, sys
            port = int(sys.argv[1])
            # Two connections at once, each sending 4 MB before reading anything back: only
            # flow control both ways lets this finish without either side buffering it all.
            socks = [socket.create_connection(("127.0.0.1", port)) for i in range(2)]
            results = []
            for i, s in enumerate(socks):
                data = (b"connection %d says hello\\n" % i) * 170000
                s.setblocking(True)
                import threading
                def send(s=s, data=data):
                    s.sendall(data)
                    s.shutdown(socket.SHUT_WR)
                t = threading.Thread(target=send)
                t.start()
                got = bytearray()
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    got += chunk
                t.join()
                results.append(bytes(got) == data.upper())
            print(results)
            """,
            port);
    assertThat(out.trim()).isEqualTo("[True, True]");
    assertThat(exitAfterSigterm(server)).isZero();
    List<String> log = log(server);
    assertThat(log.stream().filter(l -> l.contains("ExecPlugin - started tr"))).hasSize(2);
    assertThat(log.stream().filter(l -> l.contains("ExecPlugin - tr ended"))).hasSize(2);
  }

  @Test
  void execTerminatesARunningProcessOnSigtermAndLogsItsStderr() throws Exception {
    RealPeer server =
        exec(
            "--kill-time",
            "0.5",
            "--",
            "/bin/sh",
            "-c",
            "echo started >&2; echo hi; exec sleep 1000");
    String port = listening(server);
    RealPeer client =
        RealPeer.command(
                "python3",
                "-c",
                """
                import socket, sys
                s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
                got = b""
                while True:
                    chunk = s.recv(100)
                    if not chunk:
                        break
                    got += chunk
                    print(got.decode().strip(), flush=True)
                """,
                port)
            .start();
    assertThat(client.awaitLine(l -> true, LOG_LINE)).isEqualTo("hi");
    server.awaitLineContaining("started process=/bin/sh[", LOG_LINE);
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(client.exitsWithin(EXIT)).as("the client saw the connection close").isTrue();
    assertThat(log(server)).anySatisfy(l -> assertThat(l).contains("ended: Signaled[signal=15]"));
  }

  @Test
  void execClosesConnectionsBeyondMaxProcessesAtOnce() throws Exception {
    RealPeer server = exec("--max-processes", "1", "--", "cat");
    String port = listening(server);
    String out =
        Launcher.python(
            """
            import socket, sys
            port = int(sys.argv[1])
            first = socket.create_connection(("127.0.0.1", port))
            first.sendall(b"ping\\n")
            assert first.recv(100) == b"ping\\n"   # cat runs for the first connection
            second = socket.create_connection(("127.0.0.1", port))
            refused = second.recv(100) == b""     # closed at once: one process at most
            first.sendall(b"still here\\n")
            alive = first.recv(100) == b"still here\\n"
            first.shutdown(socket.SHUT_WR)
            ended = first.recv(100) == b""        # cat ends on end of input, closing the socket
            print(refused, alive, ended)
            """,
            port);
    assertThat(out.trim()).isEqualTo("True True True");
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(log(server)).anySatisfy(l -> assertThat(l).contains("1 processes already run"));
  }

  @Test
  void execStopsTheWholeProcessGroupOfAConnectionThatCloses() throws Exception {
    // The child starts a background sleep that shares its stdout, then becomes a sleep itself.
    RealPeer server =
        exec(
            "--kill-time", "60", "--", "/bin/sh", "-c", "sleep 1000 & echo $$ $!; exec sleep 1000");
    String port = listening(server);
    String pids =
        Launcher.python(
            """
            import socket, struct, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            got = b""
            while not got.endswith(b"\\n"):
                chunk = s.recv(100)
                if not chunk:
                    break
                got += chunk
            # The peer goes away while the process runs: a reset, not a half-close.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
            print(got.decode().strip())
            """,
            port);
    for (String pid : pids.trim().split(" ")) {
      childPids.add(Long.parseLong(pid));
    }
    assertThat(childPids).hasSize(2);

    server.awaitLineContaining("ExecPlugin - /bin/sh ended", Duration.ofSeconds(20));
    for (long pid : childPids) {
      assertGone(pid);
    }
    assertThat(exitAfterSigterm(server)).isZero();
  }
}
