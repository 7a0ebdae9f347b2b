package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code braid procmon} and {@code braid exec} run as a user runs them: the built jar as a
 * subprocess, supervising real programs, driven by Python's socket module, stopped with SIGTERM.
 */
@BraidTest
class ProcessPluginsIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
  private final List<Process> started = new ArrayList<>();
  private final List<Long> childPids = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
    childPids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  /** Like {@link #awaitLine}, but fails after {@code seconds} instead of waiting on. */
  private static String awaitLineWithin(
      BufferedReader err, List<String> log, Predicate<String> wanted, long seconds)
      throws Exception {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                line.complete(awaitLine(err, log, wanted));
              } catch (Throwable e) {
                line.completeExceptionally(e);
              }
            });
    try {
      return line.get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no such line within " + seconds + " s: " + List.copyOf(log));
    }
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

  private Process braid(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("braid.cli.jar")));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  private static BufferedReader stderr(Process process) {
    return new BufferedReader(
        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
  }

  /** Reads log lines into {@code log} until one matches; fails if the process exits first. */
  private static String awaitLine(BufferedReader err, List<String> log, Predicate<String> wanted)
      throws IOException {
    String line;
    while ((line = err.readLine()) != null) {
      log.add(line);
      if (wanted.test(line)) {
        return line;
      }
    }
    throw new AssertionError("the command exited before the expected line: " + log);
  }

  private static int exitAfterSigterm(Process process) throws Exception {
    process.toHandle().destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    return process.exitValue();
  }

  private static String python(String script, Object argument) throws Exception {
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process client =
        new ProcessBuilder(python, "-c", script, String.valueOf(argument))
            .redirectErrorStream(true)
            .start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void procmonRestartsACommandThatExitsAndStopsOnSigtermRemovingThePidfile() throws Exception {
    Path dir = Files.createTempDirectory("braid-procmon");
    Path pidFile = dir.resolve("braid.pid");
    Process monitor =
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
    BufferedReader err = stderr(monitor);
    List<String> log = new ArrayList<>();
    Predicate<String> hello = l -> l.contains("hello from the child process=sh stream=stdout");
    awaitLine(err, log, hello);
    awaitLine(err, log, l -> l.contains("process sh ended: exit code 3"));
    awaitLine(err, log, hello);
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
    Process monitor = braid("procmon", "--kill-time", "1", "--config", config.toString());
    BufferedReader err = stderr(monitor);
    List<String> log = new ArrayList<>();
    String greeting = "greeting config from " + work.toRealPath();
    awaitLine(err, log, l -> l.contains(greeting));
    assertThat(exitAfterSigterm(monitor)).isZero();
    err.lines().forEach(log::add);
    assertThat(log)
        .anySatisfy(l -> assertThat(l).contains("started process sleeper"))
        .anySatisfy(l -> assertThat(l).contains("process sleeper ended: killed by signal 15"))
        .noneSatisfy(l -> assertThat(l).contains("restarting"));
  }

  @Test
  void procmonWithABadConfigLineIsOneClearLineAndExitOne() throws Exception {
    Path config = Files.createTempFile("procmon", ".conf");
    Files.writeString(config, "web: python3 -m http.server\nnonsense here\n");
    Process monitor = braid("procmon", "--config", config.toString());
    String err = new String(monitor.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(monitor.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(monitor.exitValue()).isEqualTo(1);
    assertThat(err.lines()).singleElement().asString().startsWith("braid: " + config + " line 2: ");
  }

  @Test
  void execWithAProgramThatCannotRunFailsAtStartWithOneLine() throws Exception {
    Process server =
        braid("exec", "--listen", "tcp:0:interface=127.0.0.1", "--", "/nonexistent/prog");
    String err = new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isEqualTo(1);
    assertThat(err).doesNotContain("listening on");
    assertThat(err.lines())
        .singleElement()
        .asString()
        .startsWith("braid: Cannot run program \"/nonexistent/prog\"")
        .endsWith("no such file");
  }

  @Test
  void execJoinsEachConnectionToItsOwnProcessAndStopsOnSigterm() throws Exception {
    Process server =
        braid("exec", "--listen", "tcp:0:interface=127.0.0.1", "--", "tr", "a-z", "A-Z");
    BufferedReader err = stderr(server);
    List<String> log = new ArrayList<>();
    Matcher m = LISTENING.matcher(awaitLine(err, log, l -> LISTENING.matcher(l).find()));
    assertThat(m.find()).isTrue();
    String out =
        python(
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
            m.group(1));
    assertThat(out.trim()).isEqualTo("[True, True]");
    assertThat(exitAfterSigterm(server)).isZero();
    err.lines().forEach(log::add);
    assertThat(log.stream().filter(l -> l.contains("ExecPlugin - started tr"))).hasSize(2);
    assertThat(log.stream().filter(l -> l.contains("ExecPlugin - tr ended"))).hasSize(2);
  }

  @Test
  void execTerminatesARunningProcessOnSigtermAndLogsItsStderr() throws Exception {
    Process server =
        braid(
            "exec",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--kill-time",
            "0.5",
            "--",
            "/bin/sh",
            "-c",
            "echo started >&2; echo hi; exec sleep 1000");
    BufferedReader err = stderr(server);
    List<String> log = new ArrayList<>();
    Matcher m = LISTENING.matcher(awaitLine(err, log, l -> LISTENING.matcher(l).find()));
    assertThat(m.find()).isTrue();
    Process client =
        new ProcessBuilder(
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
                m.group(1))
            .redirectErrorStream(true)
            .start();
    BufferedReader clientOut =
        new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    assertThat(clientOut.readLine()).isEqualTo("hi");
    awaitLine(err, log, l -> l.contains("started process=/bin/sh["));
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(client.waitFor(30, TimeUnit.SECONDS))
        .as("the client saw the connection close")
        .isTrue();
    err.lines().forEach(log::add);
    assertThat(log).anySatisfy(l -> assertThat(l).contains("ended: Signaled[signal=15]"));
  }

  @Test
  void execClosesConnectionsBeyondMaxProcessesAtOnce() throws Exception {
    Process server =
        braid("exec", "--listen", "tcp:0:interface=127.0.0.1", "--max-processes", "1", "--", "cat");
    BufferedReader err = stderr(server);
    List<String> log = new ArrayList<>();
    Matcher m = LISTENING.matcher(awaitLine(err, log, l -> LISTENING.matcher(l).find()));
    assertThat(m.find()).isTrue();
    String out =
        python(
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
            m.group(1));
    assertThat(out.trim()).isEqualTo("True True True");
    assertThat(exitAfterSigterm(server)).isZero();
    err.lines().forEach(log::add);
    assertThat(log).anySatisfy(l -> assertThat(l).contains("1 processes already run"));
  }

  @Test
  void execStopsTheWholeProcessGroupOfAConnectionThatCloses() throws Exception {
    // The child starts a background sleep that shares its stdout, then becomes a sleep itself.
    Process server =
        braid(
            "exec",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--kill-time",
            "60",
            "--",
            "/bin/sh",
            "-c",
            "sleep 1000 & echo $$ $!; exec sleep 1000");
    BufferedReader err = stderr(server);
    List<String> log = new ArrayList<>();
    Matcher m = LISTENING.matcher(awaitLine(err, log, l -> LISTENING.matcher(l).find()));
    assertThat(m.find()).isTrue();
    String pids =
        python(
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
            m.group(1));
    for (String pid : pids.trim().split(" ")) {
      childPids.add(Long.parseLong(pid));
    }
    assertThat(childPids).hasSize(2);

    awaitLineWithin(err, log, l -> l.contains("ExecPlugin - /bin/sh ended"), 20);
    for (long pid : childPids) {
      assertGone(pid);
    }
    assertThat(exitAfterSigterm(server)).isZero();
  }
}
