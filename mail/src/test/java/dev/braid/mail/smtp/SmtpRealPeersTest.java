package dev.braid.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.mail.LocalDomains;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.net.tls.DevCertificates;
import dev.braid.net.tls.TlsOptions;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SMTP server over real sockets on 127.0.0.1, driven by clients no one here wrote: swaks
 * (plain, pipelined, STARTTLS with AUTH, an oversize message, a smuggling attempt) and Python's
 * smtplib (STARTTLS and LOGIN), and a Python client that pipelines a command after STARTTLS.
 */
@BraidTest(timeoutSeconds = 60)
class SmtpRealPeersTest {
  private static final Duration BOUND = Duration.ofSeconds(30);
  private static TlsOptions tls;

  @TempDir static Path certificates;
  @TempDir Path root;

  @BeforeAll
  static void makeACertificate() throws IOException {
    tls = TlsOptions.server(DevCertificates.localhost(certificates)).build();
  }

  private SmtpConfig config() {
    LocalDomains domains =
        LocalDomains.builder().domain("example.org").user("alice", "postmaster").build();
    return SmtpConfig.defaults("mx.example.org", domains, root)
        .withTls(tls)
        .withPortal(
            Portal.create(
                Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret")))))
        .withMaxMessageSize(64 * 1024);
  }

  private static int listen(ReactorTester t, SmtpConfig config, List<ListeningPort> ports) {
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(SmtpServer.factory(t.reactor(), config)));
    ports.add(port);
    return ((InetSocketAddress) port.address()).getPort();
  }

  private RealPeer.Result swaks(ReactorTester t, int port, String... more) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "swaks",
                "--server",
                "127.0.0.1:" + port,
                "--ehlo",
                "client.example",
                "--from",
                "sender@remote.example",
                "--to",
                "alice@example.org",
                "--timeout",
                "20"));
    command.addAll(List.of(more));
    return t.await(RealPeer.command(command).run(t.reactor(), BOUND));
  }

  /** Runs {@code python3 -c script port} to its exit 0. */
  private static RealPeer.Result python(ReactorTester t, String script, int port) {
    return t.await(
            RealPeer.command("/usr/bin/python3", "-c", script, String.valueOf(port))
                .debianPackage("python3")
                .run(t.reactor(), BOUND))
        .assertExit(0);
  }

  private List<String> messages() throws IOException {
    Path dir = root.resolve("alice/new");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> out = new ArrayList<>();
      for (Path f : files.sorted().toList()) {
        out.add(Files.readString(f, StandardCharsets.UTF_8));
      }
      return out;
    }
  }

  @Test
  void swaksSendsPlainPipelinedAndOverStarttlsWithAuth(ReactorTester t) throws IOException {
    List<ListeningPort> ports = new ArrayList<>();
    int port = listen(t, config(), ports);

    swaks(t, port, "--header", "Subject: plain", "--body", "one").assertExit(0);
    RealPeer.Result pipelined =
        swaks(t, port, "--pipeline", "--header", "Subject: pipelined", "--body", "two");
    pipelined.assertExit(0);
    assertThat(pipelined.out()).contains("250-PIPELINING");
    RealPeer.Result secure =
        swaks(
            t,
            port,
            "--tls",
            "--auth",
            "PLAIN",
            "--auth-user",
            "alice",
            "--auth-password",
            "secret",
            "--header",
            "Subject: secure",
            "--body",
            "three");
    secure.assertExit(0);
    assertThat(secure.out()).contains("235 2.7.0 Authentication successful");
    RealPeer.Result login =
        swaks(
            t,
            port,
            "--tls",
            "--auth",
            "LOGIN",
            "--auth-user",
            "alice",
            "--auth-password",
            "secret");
    login.assertExit(0);
    RealPeer.Result wrong =
        swaks(t, port, "--tls", "--auth", "PLAIN", "--auth-user", "alice", "--auth-password", "x");
    assertThat(wrong.exit()).isNotZero();
    assertThat(wrong.out()).contains("535 5.7.8");

    List<String> messages = messages();
    assertThat(messages).hasSize(4);
    assertThat(String.join("\n", messages))
        .contains("Subject: plain", "Subject: pipelined", "Subject: secure")
        .contains("with ESMTP id", "with ESMTPSA id");
    t.await(ports.getFirst().stopListening());
  }

  @Test
  void swaksOversizeAndSmugglingAttemptsAreRefused(ReactorTester t) throws IOException {
    List<ListeningPort> ports = new ArrayList<>();
    int port = listen(t, config(), ports);

    Path body = root.resolve("big.txt");
    Files.writeString(body, ("x".repeat(72) + "\n").repeat(1000));
    RealPeer.Result big = swaks(t, port, "--body", "@" + body, "--suppress-data");
    assertThat(big.exit()).isNotZero();
    assertThat(big.out()).contains("552 5.3.4 Message too big");

    Path smuggle = root.resolve("smuggle.eml");
    Files.writeString(
        smuggle,
        "Subject: first\r\n\r\nhello\n.\nMAIL FROM:<evil@remote.example>\r\n"
            + "RCPT TO:<alice@example.org>\r\nDATA\r\nSubject: smuggled\r\n\r\nboo\r\n.\r\n",
        StandardCharsets.US_ASCII);
    RealPeer.Result smuggled = swaks(t, port, "--no-data-fixup", "--data", "@" + smuggle);
    assertThat(smuggled.exit()).isNotZero();
    assertThat(smuggled.out()).contains("500 5.5.2 Bare LF in message data refused");
    Path crDot = root.resolve("cr-dot.eml");
    Files.writeString(
        crDot, "Subject: first\r\n\r\nhello\r\n.\rMAIL FROM:<evil@remote.example>\r\n.\r\n");
    RealPeer.Result cr = swaks(t, port, "--no-data-fixup", "--data", "@" + crDot);
    assertThat(cr.out()).contains("500 5.5.2 Bare CR in message data refused");

    assertThat(messages()).isEmpty();
    t.await(ports.getFirst().stopListening());
  }

  /** Python's smtplib: STARTTLS, LOGIN, a message with an 8-bit body; then an open-relay try. */
  private static final String SMTPLIB =
      """
      import smtplib, ssl, sys
      from email.message import EmailMessage
      port = int(sys.argv[1])
      context = ssl.create_default_context()
      context.check_hostname = False
      context.verify_mode = ssl.CERT_NONE
      with smtplib.SMTP("127.0.0.1", port, local_hostname="py.example") as s:
          s.starttls(context=context)
          s.ehlo("py.example")
          s.login("alice", "secret")
          m = EmailMessage()
          m["From"] = "alice@example.org"
          m["To"] = "postmaster@example.org"
          m["Subject"] = "from smtplib"
          m.set_content("caf\\u00e9 au lait\\n")
          print("refused:", s.send_message(m), flush=True)
      with smtplib.SMTP("127.0.0.1", port, local_hostname="py.example") as s:
          try:
              s.sendmail("spammer@remote.example", ["victim@elsewhere.example"], "Subject: x\\r\\n\\r\\nx\\r\\n")
          except smtplib.SMTPRecipientsRefused as e:
              print("relay:", e.recipients, flush=True)
      """;

  @Test
  void pythonSmtplibSendsOverStarttlsAndCannotRelay(ReactorTester t) throws IOException {
    List<ListeningPort> ports = new ArrayList<>();
    int port = listen(t, config(), ports);
    RealPeer.Result python = python(t, SMTPLIB, port);
    assertThat(python.out()).contains("refused: {}").contains("relay: {'victim@elsewhere.example'");
    assertThat(python.out()).contains("554").contains("Relaying denied");
    List<String> messages = messages();
    assertThat(messages).hasSize(1);
    assertThat(messages.getFirst()).contains("Subject: from smtplib", "with ESMTPSA id", "café");
    t.await(ports.getFirst().stopListening());
  }

  /**
   * STARTTLS command injection (the CVE-2011-0411 class): a NOOP pipelined in the same packet as
   * STARTTLS must not be answered over TLS.
   */
  private static final String INJECTION =
      """
      import socket, ssl, sys
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
      f = s.makefile("rb")
      f.readline()
      s.sendall(b"EHLO py.example\\r\\n")
      while not f.readline().startswith(b"250 "):
          pass
      s.sendall(b"STARTTLS\\r\\nNOOP\\r\\n")
      print("plain:", f.readline().decode().strip(), flush=True)
      context = ssl.create_default_context()
      context.check_hostname = False
      context.verify_mode = ssl.CERT_NONE
      tls = context.wrap_socket(s)
      tls.sendall(b"EHLO py.example\\r\\n")
      print("first over tls:", tls.makefile("rb").readline().decode().strip(), flush=True)
      tls.close()
      """;

  @Test
  void aCommandPipelinedAfterStarttlsIsNeverExecuted(ReactorTester t) throws IOException {
    List<ListeningPort> ports = new ArrayList<>();
    int port = listen(t, config(), ports);
    RealPeer.Result python = python(t, INJECTION, port);
    assertThat(python.out())
        .contains("plain: 220 2.0.0 Ready to start TLS")
        .contains("first over tls: 250-mx.example.org Hello py.example");
    t.await(ports.getFirst().stopListening());
  }
}
