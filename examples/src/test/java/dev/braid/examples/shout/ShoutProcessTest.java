package dev.braid.examples.shout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Discard;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's first protocol run as a program, the way a user runs it: {@code nc} talks to it with
 * LF-ended lines, SIGTERM and SIGINT stop it with status 0, and a busy port gets a message and
 * status 1.
 */
@BraidTest
class ShoutProcessTest {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");

  /** This JVM's java, with this test's class path, running {@code main} of {@code program}. */
  private static RealPeer java(ReactorTester t, Class<?> program, String... args)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), program.getName()));
    command.addAll(List.of(args));
    return RealPeer.start(t.reactor(), "temurin-25-jdk", command);
  }

  private static void signal(ReactorTester t, String name, RealPeer program) throws IOException {
    RealPeer kill =
        RealPeer.start(
            t.reactor(), "procps", List.of("kill", "-" + name, "" + program.process().pid()));
    assertThat(t.await(kill.exited())).isZero();
  }

  @Test
  void ncTalksToItWithLfLinesAndSigtermStopsItWithStatusZero(ReactorTester t) throws Exception {
    RealPeer shout = java(t, Shout.class, "tcp:0:interface=127.0.0.1");
    Matcher listening = LISTENING.matcher(t.await(shout.lineContaining("listening on")));
    assertThat(listening.find()).as("the listening line").isTrue();

    RealPeer nc =
        RealPeer.start(
            t.reactor(), "netcat-openbsd", List.of("nc", "127.0.0.1", listening.group(1)));
    nc.send("hello\n");
    assertThat(t.await(nc.lineContaining("HELLO"))).isEqualTo("HELLO");
    nc.send("from nc\n");
    assertThat(t.await(nc.lineContaining("FROM"))).isEqualTo("FROM NC");

    signal(t, "TERM", shout);
    assertThat(t.await(shout.exited())).isZero();
    nc.closeStdin(); // nc waits for the server's side to close too, which it has
    assertThat(t.await(nc.exited())).isZero();
  }

  @Test
  void ctrlCRunsTheShutdownTriggersAndExitsZero(ReactorTester t) throws Exception {
    RealPeer program = java(t, UntilSignal.class);
    t.await(program.lineContaining("running"));

    signal(t, "INT", program);
    t.await(program.lineContaining("the shutdown trigger ran"));
    assertThat(t.await(program.exited())).isZero();
  }

  @Test
  void aBusyPortGetsAMessageAndStatusOne(ReactorTester t) throws Exception {
    ListeningPort busy =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(peer -> new Discard()));
    int port = ((InetSocketAddress) busy.address()).getPort();

    RealPeer shout = java(t, Shout.class, "tcp:" + port + ":interface=127.0.0.1");
    assertThat(t.await(shout.exited())).isEqualTo(1);
    assertThat(shout.output())
        .contains("cannot listen on tcp:" + port + ":interface=127.0.0.1: Address already in use")
        .doesNotContain("Exception");
    t.await(busy.stopListening());
  }
}
