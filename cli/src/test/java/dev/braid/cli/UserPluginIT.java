package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cli.userplugin.GreetingPlugin;
import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
  private static final Pattern COMMAND = Pattern.compile("^  (\\S+)\\s");
  @TempDir Path dir;
  private Path userJar;

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

  private RealPeer braid(boolean withUsersJar, String... args) throws IOException {
    String classPath =
        withUsersJar ? Launcher.classPath(userJar) : System.getProperty("braid.cli.jar");
    return Launcher.braidWithClassPath(classPath, args).start();
  }

  private static String stdoutOf(RealPeer process) throws Exception {
    assertThat(process.exitsWithin(Launcher.EXIT)).isTrue();
    String out = process.out();
    assertThat(process.result().exit()).isZero();
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
            "passwd cert echo discard chargen daytime portforward amp pb web socks dns mail words procmon exec run"
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
    RealPeer server =
        braid(true, "myproto", "--listen", "tcp:0:interface=127.0.0.1", "--greeting", "hi there");
    int port = Launcher.awaitListening(server);
    assertThat(port).as("the server said where it listens").isPositive();

    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(30_000);
      InputStream in = client.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hi there\n");
    }

    assertThat(Launcher.exitAfterSigterm(server)).isZero();
  }
}
