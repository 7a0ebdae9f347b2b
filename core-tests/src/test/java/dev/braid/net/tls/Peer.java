package dev.braid.net.tls;

import dev.braid.defer.Deferred;
import dev.braid.reactor.Reactor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A real peer program (openssl, curl) run as a subprocess. Its output (stdout and stderr, merged)
 * is read line by line on a virtual thread and handed to the reactor with {@code callFromThread},
 * so a test awaits lines and the exit as Deferreds while the reactor runs: no sleeps, no polling.
 */
final class Peer {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final Deferred<Integer> exited = new Deferred<>();
  private int readUpTo;

  private record Waiter(Predicate<String> test, Deferred<String> result) {}

  private Peer(Reactor reactor, Process process) {
    this.process = process;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  String l = line;
                  reactor.callFromThread(() -> add(l));
                }
              } catch (IOException e) {
                // the process went away
              }
              int code;
              try {
                code = process.waitFor();
              } catch (InterruptedException e) {
                code = -1;
              }
              int exit = code;
              reactor.callFromThread(() -> exited.callback(exit));
            });
  }

  static Peer start(Reactor reactor, String... command) throws IOException {
    return new Peer(reactor, new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  private void add(String line) {
    lines.add(line);
    check();
  }

  private void check() {
    while (!waiters.isEmpty() && readUpTo < lines.size()) {
      String line = lines.get(readUpTo++);
      Waiter w = waiters.getFirst();
      if (w.test().test(line)) {
        waiters.removeFirst();
        w.result().callback(line);
      }
    }
  }

  /** Fires with the next line (after those already matched) containing {@code text}. */
  Deferred<String> lineContaining(String text) {
    Deferred<String> d = new Deferred<>();
    waiters.add(new Waiter(l -> l.contains(text), d));
    check();
    return d;
  }

  /** Every line read so far. */
  String output() {
    return String.join("\n", lines);
  }

  void send(String text) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write(text.getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  void closeStdin() throws IOException {
    process.getOutputStream().close();
  }

  /** Fires with the exit code. */
  Deferred<Integer> exited() {
    return exited;
  }

  /** Kills the process (for @AfterEach). */
  void destroy() {
    process.destroyForcibly();
  }
}
