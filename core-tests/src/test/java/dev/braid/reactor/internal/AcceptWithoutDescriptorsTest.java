package dev.braid.reactor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  private Process server;
  private final List<Socket> clients = new ArrayList<>();

  @AfterEach
  void cleanUp() throws IOException {
    for (Socket client : clients) {
      client.close();
    }
    if (server != null) {
      server.destroyForcibly();
    }
  }

  /** The server's output (stdout and stderr), read line by line on a virtual thread. */
  private static final class Output {
    private final List<String> lines = new ArrayList<>();
    private final List<Watch> watches = new ArrayList<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private record Watch(Predicate<String> test, CompletableFuture<String> line) {}

    Output(InputStream in) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = reader.readLine()) != null) {
                    add(line);
                  }
                } catch (IOException e) {
                  // the process went away
                }
                ended.complete(null);
              });
    }

    private synchronized void add(String line) {
      lines.add(line);
      watches.removeIf(
          w -> {
            if (w.test().test(line)) {
              w.line().complete(line);
              return true;
            }
            return false;
          });
    }

    /** The first line, already read or to come, that {@code test} accepts. */
    synchronized CompletableFuture<String> first(Predicate<String> test) {
      for (String line : lines) {
        if (test.test(line)) {
          return CompletableFuture.completedFuture(line);
        }
      }
      CompletableFuture<String> found = new CompletableFuture<>();
      watches.add(new Watch(test, found));
      return found;
    }

    /** The {@code n}th line (from 1), already read or to come, that {@code test} accepts. */
    CompletableFuture<String> nth(int n, Predicate<String> test) {
      int[] seen = {0};
      return first(l -> test.test(l) && ++seen[0] == n);
    }

    synchronized List<String> matching(Predicate<String> test) {
      return lines.stream().filter(test).toList();
    }

    synchronized String all() {
      return String.join("\n", lines);
    }
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
  private static <T> T await(CompletableFuture<T> f, Output output) throws Exception {
    try {
      return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out; the server printed:\n" + output.all(), e);
    }
  }

  @Test
  void aServerOutOfDescriptorsWarnsOnceAndServesTheWaitingClientWhenDescriptorsFree()
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    server =
        new ProcessBuilder(
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
            .redirectErrorStream(true)
            .start();
    Output output = new Output(server.getInputStream());
    String portLine = output.first(l -> l.startsWith("port ")).get(WAIT_SECONDS, TimeUnit.SECONDS);
    var address =
        new InetSocketAddress(
            InetAddress.getLoopbackAddress(), Integer.parseInt(portLine.substring(5)));

    // One whole connection first, as on a server that has served before: without descriptors the
    // JVM could not load the classes that a first connection's end needs.
    try (Socket first = new Socket()) {
      first.connect(address);
      assertThat(await(greeting(first), output)).isEqualTo("hi\n");
    }
    await(output.first(l -> l.equals("lost")), output);

    CompletableFuture<String> warned = output.first(AcceptWithoutDescriptorsTest::acceptFailed);
    List<CompletableFuture<String>> greetings = new ArrayList<>();
    for (int i = 0; i < 4 * DESCRIPTORS && !warned.isDone(); i++) {
      Socket client = new Socket();
      clients.add(client);
      client.connect(address); // completed by the kernel even when the server cannot accept
      CompletableFuture<String> greeted = greeting(client);
      greetings.add(greeted);
      await(CompletableFuture.anyOf(greeted, warned), output);
    }
    assertThat(warned).as("the server never ran out of descriptors:\n" + output.all()).isDone();
    assertThat(clients.size()).isLessThan(DESCRIPTORS);
    // The failure may have been the accept tried after the last descriptor went to a client, with
    // nobody waiting; one more client is sure to wait, and the port to fail on it again (at DEBUG).
    Socket waiting = new Socket();
    clients.add(waiting);
    waiting.connect(address);
    greetings.add(greeting(waiting));
    await(output.nth(2, AcceptWithoutDescriptorsTest::acceptFailed), output);

    for (Socket served : clients.subList(0, 4)) {
      served.close(); // the server closes its side, which frees a descriptor
    }
    for (CompletableFuture<String> greeted : greetings) {
      assertThat(await(greeted, output)).isEqualTo("hi\n");
    }
    await(output.first(l -> l.contains("again, after")), output);

    server.getOutputStream().close();
    assertThat(server.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    output.ended.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(server.exitValue()).as(output.all()).isZero();
    List<String> failures = output.matching(AcceptWithoutDescriptorsTest::acceptFailed);
    List<String> warnings = failures.stream().filter(l -> l.contains(" WARN ")).toList();
    assertThat(warnings).as("accept failures logged at WARN").hasSize(1);
    assertThat(warnings.getFirst()).contains("Too many open files");
    // paced by the pauses (50 ms doubling to 1 s), not one per select
    assertThat(failures).as("accept failures logged").hasSizeLessThan(50);
    assertThat(output.matching(l -> l.contains("again, after"))).hasSize(1);
  }
}
