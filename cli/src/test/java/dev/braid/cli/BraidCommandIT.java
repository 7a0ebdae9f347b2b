package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built {@code braid} command run as a user runs it: a subprocess of the shaded jar, talked to
 * by a client no one here wrote (Python's socket module), stopped with SIGTERM.
 */
@BraidTest
class BraidCommandIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
  private final List<Process> started = new ArrayList<>();
  private final java.util.Map<Process, BufferedReader> logs = new java.util.HashMap<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String python() {
    return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
  }

  private Process braid(String... args) throws IOException {
    List<String> command =
        new ArrayList<>(List.of(java(), "-jar", System.getProperty("braid.cli.jar")));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    started.add(process);
    return process;
  }

  /** Reads the server's log until it says where it listens; returns the port. */
  private int awaitListening(Process process, List<String> log) throws IOException {
    BufferedReader stderr =
        logs.computeIfAbsent(
            process,
            p ->
                new BufferedReader(
                    new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8)));
    String line;
    while ((line = stderr.readLine()) != null) {
      log.add(line);
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("the server exited before listening: " + log);
  }

  private static String pythonClient(String script, Object argument) throws Exception {
    Process client =
        new ProcessBuilder(python(), "-c", script, String.valueOf(argument))
            .redirectErrorStream(true)
            .start();
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).as(out).isZero();
    return out;
  }

  private static int exitAfterSigterm(Process process) throws Exception {
    process.toHandle().destroy(); // SIGTERM, leaving the output streams open to read
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    return process.exitValue();
  }

  @Test
  void echoServesAPythonClientAndStopsCleanlyOnSigterm() throws Exception {
    Process server = braid("echo", "--listen", "tcp:0:interface=127.0.0.1");
    List<String> log = new ArrayList<>();
    int port = awaitListening(server, log);
    String out =
        pythonClient(
            """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"hello from python\\n" * 1000)
            got = b""
            while len(got) < 18000:
                got += s.recv(65536)
            print(got == b"hello from python\\n" * 1000)
            """,
            port);
    assertThat(out.trim()).isEqualTo("True");
    assertThat(exitAfterSigterm(server)).isZero();
  }

  @Test
  void oneServerListensOnSeveralEndpoints() throws Exception {
    Process server =
        braid(
            "daytime",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--listen",
            "tcp:0:interface=127.0.0.1");
    List<String> log = new ArrayList<>();
    int first = awaitListening(server, log);
    int second = awaitListening(server, log);
    assertThat(first).isNotEqualTo(second);
    String script =
        """
        import socket, sys
        s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
        data = b""
        while True:
            chunk = s.recv(1024)
            if not chunk:
                break
            data += chunk
        print(data.decode().strip())
        """;
    assertThat(pythonClient(script, first)).matches("(?s)\\w+day, .*\\d{4} \\d\\d:\\d\\d:\\d\\d.*");
    assertThat(pythonClient(script, second)).isNotBlank();
    assertThat(exitAfterSigterm(server)).isZero();
  }

  @Test
  void chargenStreamsUntilTheClientCloses() throws Exception {
    Process server = braid("chargen", "--listen", "tcp:0:interface=127.0.0.1");
    int port = awaitListening(server, new ArrayList<>());
    String out =
        pythonClient(
            """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            got = b""
            while len(got) < 1000000:
                got += s.recv(65536)
            s.close()
            print(got[:72].decode())
            """,
            port);
    // RFC 864: each line is 72 printable ASCII characters starting one later than the last;
    // the first starts with the space character.
    assertThat(out.stripTrailing()).hasSize(72).startsWith(" !\"#$%&");
    assertThat(exitAfterSigterm(server)).isZero();
  }

  private static String stderrOf(Process process) throws Exception {
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return err;
  }

  @Test
  void aMalformedEndpointIsOneClearLineAndExitOne() throws Exception {
    Process process = braid("echo", "--listen", "tcp:http");
    String err = stderrOf(process);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(err.lines())
        .containsExactly(
            "braid: bad endpoint \"tcp:http\": port must be a number from 0 to 65535, got \"http\"");
  }

  @Test
  void anUnreadableCertificateFileIsOneClearLineAndExitOne() throws Exception {
    Process process =
        braid("echo", "--listen", "ssl:0:certKey=/nonexistent:privateKey=/nonexistent");
    String err = stderrOf(process);
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(err.lines())
        .containsExactly(
            "braid: bad endpoint \"ssl:0:certKey=/nonexistent:privateKey=/nonexistent\": "
                + "cannot read /nonexistent: no such file");
  }

  @Test
  void aPortInUseIsOneClearLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Process process =
          braid("echo", "--listen", "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1");
      String err = stderrOf(process);
      assertThat(process.exitValue()).isEqualTo(1);
      assertThat(err.lines().filter(l -> l.startsWith("braid: ")))
          .singleElement()
          .asString()
          .startsWith("braid: cannot listen on tcp:" + taken.getLocalPort());
      assertThat(err).doesNotContain("Exception");
    }
  }

  @Test
  void anUnknownPluginOrOptionIsOneLineAndExitTwo() throws Exception {
    Process unknownPlugin = braid("gopher");
    assertThat(stderrOf(unknownPlugin).lines())
        .singleElement()
        .asString()
        .startsWith("braid: unknown plugin 'gopher' (plugins: ")
        .contains("procmon", "exec");
    assertThat(unknownPlugin.exitValue()).isEqualTo(2);
    Process unknownOption = braid("echo", "--colour=blue");
    assertThat(stderrOf(unknownOption).lines())
        .containsExactly("braid: Unknown option: '--colour=blue' (see 'braid echo --help')");
    assertThat(unknownOption.exitValue()).isEqualTo(2);
    Process badReactors = braid("--reactors", "0", "echo");
    assertThat(stderrOf(badReactors).lines())
        .containsExactly("braid: --reactors must be at least 1, got 0");
    assertThat(badReactors.exitValue()).isEqualTo(2);
  }

  @Test
  void echoOnTwoReactorsServesManyConnectionsAndStopsCleanlyOnSigterm() throws Exception {
    Process server = braid("--reactors", "2", "echo", "--listen", "tcp:0:interface=127.0.0.1");
    List<String> log = new ArrayList<>();
    int port = awaitListening(server, log);
    String out =
        pythonClient(
            """
            import socket, sys
            port = int(sys.argv[1])
            socks = [socket.create_connection(("127.0.0.1", port)) for i in range(50)]
            ok = 0
            for i, s in enumerate(socks):
                msg = b"connection %d\\n" % i * 100
                s.sendall(msg)
                got = b""
                while len(got) < len(msg):
                    got += s.recv(65536)
                ok += got == msg
            for s in socks:
                s.close()
            print(ok)
            """,
            port);
    assertThat(out.trim()).isEqualTo("50");
    assertThat(exitAfterSigterm(server)).isZero();
    logs.get(server).lines().forEach(log::add);
    assertThat(log.stream().filter(l -> l.contains("listening on")))
        .as("one line for the endpoint, not one per reactor")
        .singleElement()
        .asString()
        .endsWith("EchoPlugin - listening on 127.0.0.1:" + port + " (tcp:0:interface=127.0.0.1)");
    assertThat(String.join("\n", log)).doesNotContain("ERROR", "Exception");
  }

  @Test
  void jsonLogsAreOneJsonObjectALineAndThePidfileLivesAsLongAsTheServer() throws Exception {
    Path dir = Files.createTempDirectory("braid-it");
    Path pidFile = dir.resolve("run/braid.pid");
    Process server =
        braid(
            "--log-format",
            "json",
            "--pidfile",
            pidFile.toString(),
            "echo",
            "--listen",
            "tcp:0:interface=127.0.0.1");
    List<String> log = new ArrayList<>();
    awaitListening(server, log);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    Process second = braid("--pidfile", pidFile.toString(), "echo", "--listen", "tcp:0");
    assertThat(stderrOf(second)).contains("braid: another process (pid " + server.pid() + ")");
    assertThat(second.exitValue()).isEqualTo(1);
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(pidFile).doesNotExist();
    logs.get(server).lines().forEach(log::add);
    Path lines = dir.resolve("log.jsonl");
    Files.writeString(lines, String.join("\n", log));
    String out =
        pythonClient(
            """
            import json, sys
            events = [json.loads(l) for l in open(sys.argv[1] + "/log.jsonl") if l.strip()]
            print(sorted({e["level"] for e in events}), all({"time", "logger", "message"} <= e.keys() for e in events))
            """,
            dir);
    assertThat(out.trim()).isEqualTo("['INFO'] True");
  }

  @Test
  void aLogFileReceivesTheLogInsteadOfStandardError() throws Exception {
    Path dir = Files.createTempDirectory("braid-it");
    Path logFile = dir.resolve("braid.log");
    Process server =
        braid("--logfile", logFile.toString(), "discard", "--listen", "tcp:0:interface=127.0.0.1");
    try (var watch = dir.getFileSystem().newWatchService()) {
      dir.register(
          watch,
          java.nio.file.StandardWatchEventKinds.ENTRY_CREATE,
          java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY);
      while (!(Files.exists(logFile) && Files.readString(logFile).contains("listening on"))) {
        var key = watch.poll(30, TimeUnit.SECONDS);
        assertThat(key).as("the log file was written within 30 s").isNotNull();
        key.pollEvents();
        key.reset();
      }
    }
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(Files.readString(logFile)).contains("INFO", "listening on 127.0.0.1:");
    assertThat(new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEmpty();
  }

  @Test
  void portforwardCarriesAPythonClientToAnEchoServer() throws Exception {
    Process echo = braid("echo", "--listen", "tcp:0:interface=127.0.0.1");
    int echoPort = awaitListening(echo, new ArrayList<>());
    Process forward =
        braid(
            "portforward",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--connect",
            "tcp:host=127.0.0.1:port=" + echoPort);
    int port = awaitListening(forward, new ArrayList<>());
    String out =
        pythonClient(
            """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            data = bytes(range(256)) * 4096
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            got = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got += chunk
            print(len(got), got == data)
            """,
            port);
    assertThat(out.trim()).isEqualTo("1048576 True");
    assertThat(exitAfterSigterm(forward)).isZero();
    assertThat(exitAfterSigterm(echo)).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "discard",
        "chargen",
        "daytime",
        "portforward --connect tcp:host=127.0.0.1:port=9",
        "exec -- cat"
      })
  void everyPluginWritesItsPidfileAndRemovesItOnSigterm(String plugin, @TempDir Path dir)
      throws Exception {
    Path pidFile = dir.resolve("braid.pid");
    List<String> args = new ArrayList<>(List.of("--pidfile", pidFile.toString()));
    String[] words = plugin.split(" ");
    args.add(words[0]);
    args.addAll(List.of("--listen", "tcp:0:interface=127.0.0.1"));
    args.addAll(List.of(words).subList(1, words.length));
    Process server = braid(args.toArray(String[]::new));
    awaitListening(server, new ArrayList<>());
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void helpListsEveryPluginWithADescription() throws Exception {
    Process process = braid("--help");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).contains("echo", "discard", "chargen", "daytime", "RFC 862");
  }
}
