package dev.braid.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.braid.cred.CheckerSpecException;
import dev.braid.cred.Checkers;
import dev.braid.cred.CredentialsChecker;
import dev.braid.testing.MemoryReactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fuzzes {@link Checkers#fromString}, the {@code --auth} spec strings, with the input as UTF-8
 * text. Oracle: only {@link CheckerSpecException} escapes, and an accepted {@code file:} or {@code
 * sshkeys:} spec names a valid path. So that no input reads an arbitrary file, {@code file:} paths
 * are taken inside a directory holding a good and a bad password file, and paths with {@code ..}
 * are not tried.
 */
@dev.braid.testing.BraidTest
class CheckerSpecFuzzTest {
  private static final MemoryReactor REACTOR = new MemoryReactor();
  private static final Path FILES = Path.of("target", "checker-spec-files").toAbsolutePath();

  static {
    try {
      Files.createDirectories(FILES);
      Files.write(
          FILES.resolve("passwords"),
          List.of("# users", "alice:$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"));
      Files.write(FILES.resolve("plain"), List.of("alice:secret"));
      Files.write(
          FILES.resolve("twice"),
          List.of(
              "a:$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i",
              "a:$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest
  void specsFailOnlyWithCheckerSpecException(byte[] input) {
    String spec = new String(input, StandardCharsets.UTF_8);
    if (spec.startsWith("file:") && spec.length() > "file:".length()) {
      if (spec.contains("..")) {
        return;
      }
      spec = "file:" + FILES + "/" + spec.substring("file:".length());
    }
    String tried = spec;
    Harness.timed(
        input,
        () -> {
          CredentialsChecker checker;
          try {
            checker = Checkers.fromString(REACTOR, tried);
          } catch (CheckerSpecException e) {
            assertThat(e.getMessage()).isNotEmpty();
            return;
          }
          assertThat(checker.credentialTypes()).isNotEmpty();
          int colon = tried.indexOf(':');
          if (tried.startsWith("file:") || tried.startsWith("sshkeys:")) {
            Path.of(tried.substring(colon + 1).replace("%u", "user"));
          }
        });
  }
}
