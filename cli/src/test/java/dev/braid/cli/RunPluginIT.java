package dev.braid.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cli.runfactory.Greeter;
import dev.braid.cli.runfactory.UpperCaseFactory;
import dev.braid.testing.BraidTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code braid run --factory CLASS}: the built command serves a user's protocol factory, a class it
 * finds on {@code --classpath} or on its own class path, with no plugin code; and says what is
 * wrong with a class it cannot use.
 */
@BraidTest
class RunPluginIT {
  @TempDir Path dir;

  /** Where the test classes (the user's classes here) were compiled to. */
  private static Path usersClasses() throws Exception {
    return Path.of(Greeter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void servesAFactoryClassFromClasspathAndStopsOnSigterm() throws Exception {
    try (BraidProcess braid =
        BraidProcess.start(
            dir,
            List.of(),
            "run",
            "--classpath",
            usersClasses().toString(),
            "--factory",
            UpperCaseFactory.class.getName(),
            "--listen",
            "tcp:0:interface=127.0.0.1")) {
      int port = braid.awaitListening();
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
      braid.terminate();
      assertThat(braid.exitStatus()).isZero();
    }
  }

  @Test
  void servesAStaticFactoryMethodFromTheCommandsClassPathOnEachReactor() throws Exception {
    try (BraidProcess braid =
        BraidProcess.start(
            dir,
            List.of(usersClasses()),
            "--reactors",
            "2",
            "run",
            "--factory",
            Greeter.class.getName(),
            "--listen",
            "tcp:0:interface=127.0.0.1")) {
      int port = braid.awaitListening();
      for (int i = 0; i < 4; i++) {
        try (Socket client = new Socket("127.0.0.1", port)) {
          client.setSoTimeout(30_000);
          assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
              .isEqualTo("hello from my reactor: true\n");
        }
      }
      braid.terminate();
      assertThat(braid.exitStatus()).isZero();
    }
  }

  @Test
  void aClassItCannotFindIsOneLineAndExitOne() throws Exception {
    try (BraidProcess braid =
        BraidProcess.start(
            dir, List.of(), "run", "--factory", "com.example.Missing", "--listen", "tcp:0")) {
      assertThat(braid.exitStatus()).isEqualTo(1);
      assertThat(braid.log())
          .contains(
              "braid: --factory: no class com.example.Missing on the class path (add your classes"
                  + " with --classpath DIR_OR_JAR, or BRAID_CLASSPATH=... ./braid run ...)");
    }
  }

  @Test
  void aClassOfTheWrongTypeIsOneLineAndExitOne() throws Exception {
    try (BraidProcess braid =
        BraidProcess.start(dir, List.of(), "run", "--factory", "java.lang.String")) {
      assertThat(braid.exitStatus()).isEqualTo(1);
      assertThat(braid.log())
          .contains(
              "braid: --factory: java.lang.String is not a ProtocolFactory and has no public"
                  + " static factory() or factory(Reactor) method returning one");
    }
  }

  @Test
  void withoutFactoryItIsAUsageError() throws Exception {
    try (BraidProcess braid = BraidProcess.start(dir, List.of(), "run")) {
      assertThat(braid.exitStatus()).isEqualTo(2);
      assertThat(String.join("\n", braid.log()))
          .contains("Missing required option: '--factory=CLASS'");
    }
  }

  @Test
  void helpSaysWhichClassesItTakes() throws Exception {
    try (BraidProcess braid = BraidProcess.start(dir, List.of(), "run", "--help")) {
      String help = braid.stdout();
      assertThat(braid.exitStatus()).isZero();
      assertThat(help)
          .startsWith("Usage: braid run ")
          .contains("--factory=CLASS", "--classpath=PATHS", "default: tcp:8000")
          .contains("  a class with a public static method factory(Reactor) or factory()\n")
          .contains("  a public class implementing ProtocolFactory, with a public\n");
    }
  }
}
