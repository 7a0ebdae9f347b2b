package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cli.userplugin.GreetingPlugin;
import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins are found across jars: the built command lists the plugins each protocol module ships in
 * the order it always has, and a user's jar on its class path (a plugin class and its {@code
 * META-INF/services/dev.braid.plugin.BraidPlugin} entry, nothing else) adds {@code braid myproto}.
 */
@BraidTest
class UserPluginIT {
  private static final Pattern LISTENING = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern COMMAND = Pattern.compile("^  (\\S+)\\s");
  private final List<Process> started = new ArrayList<>();
  @TempDir Path dir;
  private Path userJar;

  @AfterEach
  void killLeftovers() throws InterruptedException {
    for (Process p : started) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A jar holding the compiled {@link GreetingPlugin} and its service entry, as a user ships it.
   */
  @BeforeEach
  void buildTheUsersJar() throws Exception {
    Path classes =
        Path.of(GreetingPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path pkg = classes.resolve("dev/braid/cli/userplugin");
    userJar = dir.resolve("myproto.jar");
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(userJar));
        Stream<Path> files = Files.list(pkg)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        jar.write(Files.readAllBytes(file));
        jar.closeEntry();
      }
      jar.putNextEntry(new JarEntry("META-INF/services/dev.braid.plugin.BraidPlugin"));
      jar.write((GreetingPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  private Process braid(boolean withUsersJar, String... args) throws IOException {
    String classPath = System.getProperty("braid.cli.jar");
    if (withUsersJar) {
      classPath += File.pathSeparator + userJar;
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.braid.cli.Main"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).start();
    started.add(process);
    return process;
  }

  private static String stdoutOf(Process process) throws Exception {
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    return out;
  }

  /** The subcommands {@code braid --help} lists, in its order. */
  private static List<String> commands(String help) {
    List<String> names = new ArrayList<>();
    boolean listing = false;
    for (String line : help.lines().toList()) {
      if (line.startsWith("Plugins (")) {
        listing = true;
      } else if (listing) {
        Matcher m = COMMAND.matcher(line);
        if (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  @Test
  void helpListsTheBoxsPluginsFromEveryModuleInTheirOrderThenTheUsersPlugin() throws Exception {
    List<String> box =
        List.of(
            "passwd echo discard chargen daytime portforward amp web socks dns words procmon exec"
                .split(" "));
    assertThat(commands(stdoutOf(braid(false, "--help")))).isEqualTo(box);

    String help = stdoutOf(braid(true, "--help"));
    List<String> withUsers = new ArrayList<>(box);
    withUsers.add("myproto");
    assertThat(commands(help)).isEqualTo(withUsers);
    assertThat(help).contains("  myproto      A user's plugin: greets each connection");
  }

  @Test
  void theUsersPluginHasItsOwnHelpWithTheListenDefault() throws Exception {
    String help = stdoutOf(braid(true, "myproto", "--help"));
    assertThat(help)
        .startsWith("Usage: braid myproto ")
        .contains("--greeting=TEXT", "(default: hello)", "default: tcp:7070");
  }

  @Test
  void theUsersPluginServesAndStopsCleanlyOnSigterm() throws Exception {
    Process server =
        braid(true, "myproto", "--listen", "tcp:0:interface=127.0.0.1", "--greeting", "hi there");
    BufferedReader log =
        new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    int port = -1;
    String line;
    while (port < 0 && (line = log.readLine()) != null) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
    }
    assertThat(port).as("the server said where it listens").isPositive();

    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(30_000);
      InputStream in = client.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi there\n");
    }

    server.toHandle().destroy(); // SIGTERM
    log.transferTo(Writer.nullWriter());
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(server.exitValue()).isZero();
  }
}
