package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cli.runfactory.Greeter;
import dev.braid.cli.runfactory.UpperCaseFactory;
import dev.braid.testing.BraidTest;
import dev.braid.testing.RealPeer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code braid run --factory CLASS}: the built command serves a user's protocol factory, a class it
 * finds on {@code --classpath} or on its own class path, with no plugin code; and says what is
 * wrong with a class it cannot use.
 */
@BraidTest
class RunPluginIT {
  /** Where the test classes (the user's classes here) were compiled to. */
  private static Path usersClasses() throws Exception {
    return Path.of(Greeter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static RealPeer.Result runToExit(String... args) throws Exception {
    return Launcher.braid(args).run(Launcher.LOG_LINE);
  }

  @Test
  void servesAFactoryClassFromClasspathAndStopsOnSigterm() throws Exception {
    RealPeer braid =
        Launcher.braid(
                "run",
                "--classpath",
                usersClasses().toString(),
                "--factory",
                UpperCaseFactory.class.getName(),
                "--listen",
                "tcp:0:interface=127.0.0.1")
            .start();
    int port = Launcher.awaitListening(braid);
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.setSoTimeout(30_000);
      OutputStream out = client.getOutputStream();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
      out.write("hello braid\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HELLO BRAID");
      out.write("again\n".getBytes(StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("AGAIN");
    }
    assertThat(Launcher.exitAfterSigterm(braid)).isZero();
  }

  @Test
  void servesAStaticFactoryMethodFromTheCommandsClassPathOnEachReactor() throws Exception {
    RealPeer braid =
        Launcher.braidWithClassPath(
                Launcher.classPath(usersClasses()),
                "--reactors",
                "2",
                "run",
                "--factory",
                Greeter.class.getName(),
                "--listen",
                "tcp:0:interface=127.0.0.1")
            .start();
    int port = Launcher.awaitListening(braid);
    for (int i = 0; i < 4; i++) {
      try (Socket client = new Socket("127.0.0.1", port)) {
        client.setSoTimeout(30_000);
        assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("hello from my reactor: true\n");
      }
    }
    assertThat(Launcher.exitAfterSigterm(braid)).isZero();
  }

  @Test
  void aClassItCannotFindIsOneLineAndExitOne() throws Exception {
    RealPeer.Result result =
        runToExit("run", "--factory", "com.example.Missing", "--listen", "tcp:0").assertExit(1);
    assertThat(result.err().lines())
        .contains(
            "braid: --factory: no class com.example.Missing on the class path (add your classes"
                + " with --classpath DIR_OR_JAR, or BRAID_CLASSPATH=... ./braid run ...)");
  }

  @Test
  void aClassOfTheWrongTypeIsOneLineAndExitOne() throws Exception {
    RealPeer.Result result = runToExit("run", "--factory", "java.lang.String").assertExit(1);
    assertThat(result.err().lines())
        .contains(
            "braid: --factory: java.lang.String is not a ProtocolFactory and has no public"
                + " static factory() or factory(Reactor) method returning one");
  }

  @Test
  void withoutFactoryItIsAUsageError() throws Exception {
    assertThat(runToExit("run").assertExit(2).err())
        .contains("Missing required option: '--factory=CLASS'");
  }

  @Test
  void helpSaysWhichClassesItTakes() throws Exception {
    assertThat(runToExit("run", "--help").assertExit(0).out())
        .startsWith("Usage: braid run ")
        .contains("--factory=CLASS", "--classpath=PATHS", "default: tcp:8000")
        .contains("  a class with a public static method factory(Reactor) or factory()\n")
        .contains("  a public class implementing ProtocolFactory, with a public\n");
  }
}
