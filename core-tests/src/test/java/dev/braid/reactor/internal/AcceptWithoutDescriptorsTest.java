package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real server out of file descriptors: {@link DescriptorStarvedServer} runs in a JVM of its own
 * under {@code ulimit -n} {@value #DESCRIPTORS}; this test connects until the server can no longer
 * accept (it says so in its log), then closes a few connections and checks that the waiting one is
 * served, and that the whole episode was logged once, not once per select (before the backoff, the
 * port logged the failure on every select, about 100,000 lines a second).
 */
@BraidTest
class AcceptWithoutDescriptorsTest {
  private static final int DESCRIPTORS = 128;
  private static final long WAIT_SECONDS = 30;

  private RealPeer server;
  private final List<Socket> clients = new ArrayList<>();

  @AfterEach
  void cleanUp() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
  }

  /** The {@code n}th line (from 1), already printed or to come, that {@code test} accepts. */
  private static CompletableFuture<String> nth(RealPeer output, int n, Predicate<String> test) {
    int[] seen = {0};
    return output.firstLine(l -> test.test(l) && ++seen[0] == n);
  }

  private static List<String> matching(RealPeer output, Predicate<String> test) {
    return output.lines().stream().filter(test).toList();
  }

  private static boolean acceptFailed(String line) {
    return line.contains("accept on") && line.contains("failed");
  }

  /** Reads the server's greeting on a virtual thread. */
  private static CompletableFuture<String> greeting(Socket client) {
    CompletableFuture<String> greeted = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                byte[] hi = client.getInputStream().readNBytes(3);
                greeted.complete(new String(hi, StandardCharsets.US_ASCII));
              } catch (IOException e) {
                greeted.completeExceptionally(e);
              }
            });
    return greeted;
  }

  /** Waits (bounded) for {@code f}; on a timeout, fails showing what the server printed. */
  private static <T> T await(CompletableFuture<T> f, RealPeer output) throws Exception {
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out; the server printed:\n" + output.output(), e);
    }
  }

  @Test
  void aServerOutOfDescriptorsWarnsOnceAndServesTheWaitingClientWhenDescriptorsFree()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        RealPeer.command(
                "sh",
                "-c",
                "ulimit -n " + DESCRIPTORS + " && exec \"$@\"",
                "sh",
                java,
                "-Xmx64m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Dbraid.test.log.level=DEBUG",
                "-cp",
                System.getProperty("java.class.path"),
                DescriptorStarvedServer.class.getName())
            .start();
    RealPeer output = server;
    String portLine =
        output.firstLine(l -> l.startsWith("port ")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    var address =
        new InetSocketAddress(
            InetAddress.getLoopbackAddress(), Integer.parseInt(portLine.substring(5)));

    // One whole connection first, as on a server that has served before: without descriptors the
    // JVM could not load the classes that a first connection's end needs.
    try (Socket first = new Socket()) {
      first.connect(address);
      assertThat(await(greeting(first), output)).isEqualTo("hi\n");
    }
    await(output.firstLine(l -> l.equals("lost")), output);

    CompletableFuture<String> warned = output.firstLine(AcceptWithoutDescriptorsTest::acceptFailed);
    List<CompletableFuture<String>> greetings = new ArrayList<>();
    for (int i = 0; i < 4 * DESCRIPTORS && !warned.isDone(); i++) {
      Socket client = new Socket();
      clients.add(client);
      client.connect(address); // completed by the kernel even when the server cannot accept
      CompletableFuture<String> greeted = greeting(client);
      greetings.add(greeted);
      await(CompletableFuture.anyOf(greeted, warned), output);
    }
    assertThat(warned).as("the server never ran out of descriptors:\n" + output.output()).isDone();
    assertThat(clients.size()).isLessThan(DESCRIPTORS);
    // The failure may have been the accept tried after the last descriptor went to a client, with
    // nobody waiting; one more client is sure to wait, and the port to fail on it again (at DEBUG).
    Socket waiting = new Socket();
    clients.add(waiting);
    waiting.connect(address);
    greetings.add(greeting(waiting));
    await(nth(output, 2, AcceptWithoutDescriptorsTest::acceptFailed), output);

    for (Socket served : clients.subList(0, 4)) {
      served.close(); // the server closes its side, which frees a descriptor
    }
    for (CompletableFuture<String> greeted : greetings) {
      assertThat(await(greeted, output)).isEqualTo("hi\n");
    }
    await(output.firstLine(l -> l.contains("again, after")), output);

    server.closeStdin();
    int exit = server.awaitExit(Duration.ofSeconds(WAIT_SECONDS));
    assertThat(exit).as(output.output()).isZero();
    List<String> failures = matching(output, AcceptWithoutDescriptorsTest::acceptFailed);
    List<String> warnings = failures.stream().filter(l -> l.contains(" WARN ")).toList();
    assertThat(warnings).as("accept failures logged at WARN").hasSize(1);
    assertThat(warnings.getFirst()).contains("Too many open files");
    // paced by the pauses (50 ms doubling to 1 s), not one per select
    assertThat(failures).as("accept failures logged").hasSizeLessThan(50);
    assertThat(matching(output, l -> l.contains("again, after"))).hasSize(1);
  }
}
