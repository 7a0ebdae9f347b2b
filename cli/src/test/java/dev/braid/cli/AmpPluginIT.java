package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code braid amp} answers a Twisted AMP client (Debian's python3-twisted). */
@BraidTest
class AmpPluginIT {
  @Test
  void aTwistedClientCallsSumAndDivideOnBraidAmp() throws Exception {
    Path pidFile = Files.createTempDirectory("braid-amp").resolve("amp.pid");
    RealPeer server =
        Launcher.braid(
                "--pidfile", pidFile.toString(), "amp", "--listen", "tcp:0:interface=127.0.0.1")
            .start();
    int port = Launcher.awaitListening(server);
    RealPeer client =
        RealPeer.command(
                Launcher.PYTHON,
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
                String.valueOf(port))
            .debianPackage("python3-twisted")
            .separateStderr()
            .start();
    assertThat(client.exitsWithin(Launcher.EXIT)).isTrue();
    String out = client.out();
    String err = client.err();

    assertThat(client.result().exit()).as(out + err).isZero();
    assertThat(out.strip()).isEqualTo("1208925819614629174706177 0.25 division by zero");
    assertThat(Files.readString(pidFile).trim()).isEqualTo(String.valueOf(server.pid()));
    server.terminate();
    assertThat(server.exitsWithin(Launcher.EXIT)).isTrue();
    assertThat(server.result().exit()).isZero();
    assertThat(pidFile).doesNotExist();
    Files.delete(pidFile.getParent());
  }
}
