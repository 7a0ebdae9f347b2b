package dev.braid.cli;

import static dev.braid.cli.Launcher.exitAfterSigterm;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid mail} run from the built jar: swaks delivers through it, {@code --help} lists its
 * options, and a process killed with SIGKILL in the middle of a load has lost no message it
 * answered 250 to.
 */
@BraidTest
class MailPluginIT {
  private static final Duration BOUND = Duration.ofSeconds(60);
  private static final Pattern NAME = Pattern.compile(",S=(\\d+)$");

  @TempDir Path dir;

  private RealPeer mail(String... more) throws IOException {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "mail",
                "--listen",
                "tcp:0:interface=127.0.0.1",
                "--domain",
                "example.org",
                "--maildirs",
                dir.resolve("maildirs").toString(),
                "--user",
                "alice:postmaster",
                "--hostname",
                "mx.example.org"));
    args.addAll(List.of(more));
    return Launcher.braid(args).start();
  }

  @Test
  void helpListsEveryOptionAndItsDefault() throws Exception {
    RealPeer help = Launcher.braid("mail", "--help").start();
    assertThat(help.exitsWithin(BOUND)).isTrue();
    assertThat(help.out())
        .contains("--domain", "--maildirs", "--user", "--catch-all", "--auth", "--tls")
        .contains("--auth-without-tls", "--hostname", "--max-message-size=OCTETS")
        .contains("default: 10485760", "2525)", "--max-connections-per-peer");
  }

  @Test
  void swaksDeliversIntoTheUsersMaildirAndAnUnknownUserIsRefused() throws Exception {
    RealPeer server = mail();
    int port = Launcher.awaitListening(server);
    RealPeer.Result sent =
        RealPeer.command(
                "swaks",
                "--server",
                "127.0.0.1:" + port,
                "--to",
                "postmaster@example.org",
                "--from",
                "someone@remote.example",
                "--header",
                "Subject: through braid mail")
            .run(BOUND);
    sent.assertExit(0);
    RealPeer.Result unknown =
        RealPeer.command("swaks", "--server", "127.0.0.1:" + port, "--to", "nobody@example.org")
            .run(BOUND);
    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.out()).contains("550 5.1.1");
    assertThat(exitAfterSigterm(server)).isZero();
    Map<String, Integer> stored = stored();
    assertThat(stored).hasSize(1);
  }

  /**
   * Four Python clients send numbered messages as fast as the server takes them, each printing "OK
   * id count" once the 250 for that message has come; the test kills the server with SIGKILL after
   * a count it picks at random, twice (the second run on the maildirs the first left).
   */
  private static final String LOAD =
      """
      import smtplib, sys, threading
      port, tag = int(sys.argv[1]), sys.argv[2]
      lock = threading.Lock()
      done = [0]
      def client(n):
          try:
              s = smtplib.SMTP("127.0.0.1", port, local_hostname="load.example", timeout=30)
              for i in range(500):
                  mid = "%s-%d-%d" % (tag, n, i)
                  body = "Subject: %s\\r\\n\\r\\n" % mid
                  body += "".join("line %d of %s\\r\\n" % (k, mid) for k in range(40))
                  body += "END %s\\r\\n" % mid
                  s.sendmail("load@remote.example", ["alice@example.org"], body)
                  with lock:
                      done[0] += 1
                      print("OK %s %d" % (mid, done[0]), flush=True)
          except Exception as e:
              with lock:
                  print("STOPPED %d %s" % (n, type(e).__name__), flush=True)
      threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
      for t in threads: t.start()
      for t in threads: t.join()
      print("ALL DONE", flush=True)
      """;

  @Test
  void aServerKilledDuringALoadHasEveryMessageItAcceptedWholeAndOnce() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    java.util.Set<String> accepted = new java.util.HashSet<>();
    for (int round = 0; round < 2; round++) {
      RealPeer server = mail();
      int port = Launcher.awaitListening(server);
      RealPeer load =
          RealPeer.command(Launcher.PYTHON, "-u", "-c", LOAD, String.valueOf(port), "r" + round)
              .debianPackage("python3")
              .start();
      int killAt = 20 + random.nextInt(100);
      load.awaitLine(
          line -> line.startsWith("OK ") && Integer.parseInt(line.split(" ")[2]) >= killAt, BOUND);
      server.destroy(); // SIGKILL
      assertThat(server.exitsWithin(BOUND)).isTrue();
      assertThat(load.exitsWithin(BOUND)).as("the load stops once the server is gone").isTrue();
      for (String line : load.out().split("\n")) {
        if (line.startsWith("OK ")) {
          accepted.add(line.split(" ")[1]);
        }
      }
    }
    Map<String, Integer> stored = stored();
    assertThat(accepted).as("messages answered 250 (seed %d)", seed).hasSizeGreaterThan(40);
    for (String id : accepted) {
      assertThat(stored.get(id)).as("copies of %s in new/ (seed %d)", id, seed).isEqualTo(1);
    }
  }

  /**
   * The messages in alice's new/: each must be whole (its size is the one in its name and it ends
   * with its END line); returns how many copies of each message id there are.
   */
  private Map<String, Integer> stored() throws IOException {
    Map<String, Integer> count = new HashMap<>();
    Path fresh = dir.resolve("maildirs/alice/new");
    try (Stream<Path> files = Files.list(fresh)) {
      for (Path file : files.toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Matcher size = NAME.matcher(file.getFileName().toString());
        assertThat(size.find()).as(file.toString()).isTrue();
        assertThat(Files.size(file)).as("size of " + file).isEqualTo(Long.parseLong(size.group(1)));
        Matcher subject = Pattern.compile("(?m)^Subject: ([^\r\n]*)").matcher(text);
        assertThat(subject.find()).as(file.toString()).isTrue();
        String id = subject.group(1);
        if (id.startsWith("r")) {
          assertThat(text).as(file.toString()).endsWith("END " + id + "\r\n");
        }
        count.merge(id, 1, Integer::sum);
      }
    }
    return count;
  }
}
