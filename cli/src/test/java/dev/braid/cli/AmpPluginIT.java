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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code braid amp} answers a Twisted AMP client (Debian's python3-twisted). */
@BraidTest
class AmpPluginIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private Process start(List<String> command) throws IOException {
    Process process =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    started.add(process);
    return process;
  }

  private static int awaitListening(Process process) throws IOException {
    BufferedReader stderr =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> log = new ArrayList<>();
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

  @Test
  void aTwistedClientCallsSumAndDivideOnBraidAmp() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path pidFile = Files.createTempDirectory("braid-amp").resolve("amp.pid");
    Process server =
        start(
            List.of(
                java,
                "-jar",
                System.getProperty("braid.cli.jar"),
                "--pidfile",
                pidFile.toString(),
                "amp",
                "--listen",
                "tcp:0:interface=127.0.0.1"));
    int port = awaitListening(server);
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process client =
        start(
            List.of(
                python,
                "-c",
                """
                import sys
                from twisted.internet import task
                from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol
                from twisted.protocols import amp

                class Sum(amp.Command):
                    arguments = [(b"a", amp.Integer()), (b"b", amp.Integer())]
                    response = [(b"total", amp.Integer())]

                class Divide(amp.Command):
                    arguments = [(b"numerator", amp.Integer()), (b"denominator", amp.Integer())]
                    response = [(b"quotient", amp.Float())]
                    errors = {ZeroDivisionError: b"ZERO_DIVISION"}

                async def main(reactor):
                    ep = TCP4ClientEndpoint(reactor, "127.0.0.1", int(sys.argv[1]))
                    p = await connectProtocol(ep, amp.AMP())
                    total = await p.callRemote(Sum, a=2**80, b=1)
                    quotient = await p.callRemote(Divide, numerator=1, denominator=4)
                    try:
                        await p.callRemote(Divide, numerator=1, denominator=0)
                        error = "none"
                    except ZeroDivisionError as e:
                        error = str(e)
                    print(total["total"], quotient["quotient"], error)
                    p.transport.loseConnection()

                task.react(lambda r: __import__("twisted.internet.defer", fromlist=["x"])
                           .ensureDeferred(main(r)))
                """,
                String.valueOf(port)));
    String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(client.exitValue()).as(out + err).isZero();
    assertThat(out.strip()).isEqualTo("1208925819614629174706177 0.25 division by zero");
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    server.destroy();
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
    assertThat(pidFile).doesNotExist();
    Files.delete(pidFile.getParent());
  }
}
