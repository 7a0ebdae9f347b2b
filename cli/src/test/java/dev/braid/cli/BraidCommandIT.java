package dev.braid.cli;

import static dev.braid.cli.Launcher.EXIT;
import static dev.braid.cli.Launcher.awaitListening;
import static dev.braid.cli.Launcher.exitAfterSigterm;
import static dev.braid.cli.Launcher.python;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  /** Starts {@code braid args...}. */
  private static RealPeer braid(String... args) throws IOException {
    return Launcher.braid(args).start();
  }

  /** What {@code process} logged, once it has exited. */
  private static List<String> log(RealPeer process) {
    return process.err().lines().toList();
  }

  @Test
  void echoServesAPythonClientAndStopsCleanlyOnSigterm() throws Exception {
    RealPeer server = braid("echo", "--listen", "tcp:0:interface=127.0.0.1");
    int port = awaitListening(server);
    String out =
        python(
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
    RealPeer server =
        braid(
            "daytime",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--listen",
            "tcp:0:interface=127.0.0.1");
    int first = awaitListening(server);
    int second = awaitListening(server);
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
    assertThat(python(script, first)).matches("(?s)\\w+day, .*\\d{4} \\d\\d:\\d\\d:\\d\\d.*");
    assertThat(python(script, second)).isNotBlank();
    assertThat(exitAfterSigterm(server)).isZero();
  }

  @Test
  void chargenStreamsUntilTheClientCloses() throws Exception {
    RealPeer server = braid("chargen", "--listen", "tcp:0:interface=127.0.0.1");
    int port = awaitListening(server);
    String out =
        python(
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

  private static String stderrOf(RealPeer process) {
    assertThat(process.exitsWithin(EXIT)).isTrue();
    return process.err();
  }

  @Test
  void aMalformedEndpointIsOneClearLineAndExitOne() throws Exception {
    RealPeer process = braid("echo", "--listen", "tcp:http");
    String err = stderrOf(process);
    assertThat(process.result().exit()).isEqualTo(1);
    assertThat(err.lines())
        .containsExactly(
            "braid: bad endpoint \"tcp:http\": port must be a number from 0 to 65535, got \"http\"");
  }

  @Test
  void anUnreadableCertificateFileIsOneClearLineAndExitOne() throws Exception {
    RealPeer process =
        braid("echo", "--listen", "ssl:0:certKey=/nonexistent:privateKey=/nonexistent");
    String err = stderrOf(process);
    assertThat(process.result().exit()).isEqualTo(1);
    assertThat(err.lines())
        .containsExactly(
            "braid: bad endpoint \"ssl:0:certKey=/nonexistent:privateKey=/nonexistent\": "
                + "cannot read /nonexistent: no such file");
  }

  @Test
  void aPortInUseIsOneClearLineAndExitOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      RealPeer process =
          braid("echo", "--listen", "tcp:" + taken.getLocalPort() + ":interface=127.0.0.1");
      String err = stderrOf(process);
      assertThat(process.result().exit()).isEqualTo(1);
      assertThat(err.lines().filter(l -> l.startsWith("braid: ")))
          .singleElement()
          .asString()
          .startsWith("braid: cannot listen on tcp:" + taken.getLocalPort());
      assertThat(err).doesNotContain("Exception");
    }
  }

  @Test
  void anUnknownPluginOrOptionIsOneLineAndExitTwo() throws Exception {
    RealPeer unknownPlugin = braid("gopher");
    assertThat(stderrOf(unknownPlugin).lines())
        .singleElement()
        .asString()
        .startsWith("braid: unknown plugin 'gopher' (plugins: ")
        .contains("procmon", "exec");
    assertThat(unknownPlugin.result().exit()).isEqualTo(2);
    RealPeer unknownOption = braid("echo", "--colour=blue");
    assertThat(stderrOf(unknownOption).lines())
        .containsExactly("braid: Unknown option: '--colour=blue' (see 'braid echo --help')");
    assertThat(unknownOption.result().exit()).isEqualTo(2);
    RealPeer badReactors = braid("--reactors", "0", "echo");
    assertThat(stderrOf(badReactors).lines())
        .containsExactly("braid: --reactors must be at least 1, got 0");
    assertThat(badReactors.result().exit()).isEqualTo(2);
  }

  @Test
  void echoOnTwoReactorsServesManyConnectionsAndStopsCleanlyOnSigterm() throws Exception {
    RealPeer server = braid("--reactors", "2", "echo", "--listen", "tcp:0:interface=127.0.0.1");
    int port = awaitListening(server);
    String out =
        python(
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
    assertThat(String.join("\n", log(server)))
        .contains("[braid-reactor-1] ListeningPort - listening on")
        .doesNotContain("ERROR", "Exception");
  }

  @Test
  void jsonLogsAreOneJsonObjectALineAndThePidfileLivesAsLongAsTheServer() throws Exception {
    Path dir = Files.createTempDirectory("braid-it");
    Path pidFile = dir.resolve("run/braid.pid");
    RealPeer server =
        braid(
            "--log-format",
            "json",
            "--pidfile",
            pidFile.toString(),
            "echo",
            "--listen",
            "tcp:0:interface=127.0.0.1");
    awaitListening(server);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    RealPeer second = braid("--pidfile", pidFile.toString(), "echo", "--listen", "tcp:0");
    assertThat(stderrOf(second)).contains("braid: another process (pid " + server.pid() + ")");
    assertThat(second.result().exit()).isEqualTo(1);
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(pidFile).doesNotExist();
    Path lines = dir.resolve("log.jsonl");
    Files.writeString(lines, String.join("\n", log(server)));
    String out =
        python(
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
    RealPeer server =
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
    assertThat(Files.readString(logFile)).contains("INFO", "listening on /127.0.0.1:");
    assertThat(server.err()).isEmpty();
  }

  @Test
  void portforwardCarriesAPythonClientToAnEchoServer() throws Exception {
    RealPeer echo = braid("echo", "--listen", "tcp:0:interface=127.0.0.1");
    int echoPort = awaitListening(echo);
    RealPeer forward =
        braid(
            "portforward",
            "--listen",
            "tcp:0:interface=127.0.0.1",
            "--connect",
            "tcp:host=127.0.0.1:port=" + echoPort);
    int port = awaitListening(forward);
    String out =
        python(
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
    RealPeer server = braid(args.toArray(String[]::new));
    awaitListening(server);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    assertThat(exitAfterSigterm(server)).isZero();
    assertThat(pidFile).doesNotExist();
  }

  @Test
  void helpListsEveryPluginWithADescription() throws Exception {
    RealPeer process = braid("--help");
    assertThat(process.exitsWithin(EXIT)).isTrue();
    String out = process.out();
    assertThat(process.result().exit()).isZero();
    assertThat(out).contains("echo", "discard", "chargen", "daytime", "RFC 862");
  }
}
