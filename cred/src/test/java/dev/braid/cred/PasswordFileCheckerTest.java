package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BraidTest
class PasswordFileCheckerTest {
  @TempDir Path dir;
  private final MemoryReactor reactor = new MemoryReactor();

  private Path file(String... lines) throws Exception {
    Path path = dir.resolve("passwords");
    Files.write(path, List.of(lines));
    return path;
  }

  private static String hash(String password) {
    return Passwords.hash(ByteString.utf8(password), 4);
  }

  @Test
  void theRightPasswordGivesTheUserName() throws Exception {
    var checker =
        PasswordFileChecker.load(
            reactor, file("# users", "", "alice:" + hash("secret"), "bob:" + hash("pw")));
    assertThat(checker.usernames()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(
            successResultOf(checker.requestAvatarId(Credentials.UsernamePassword.of("bob", "pw"))))
        .isEqualTo("bob");
  }

  @Test
  void aWrongPasswordAndAnUnknownUserAreUnauthorized() throws Exception {
    var checker = PasswordFileChecker.load(reactor, file("alice:" + hash("secret")));
    assertThat(
            failureResultOf(
                checker.requestAvatarId(Credentials.UsernamePassword.of("alice", "Secret")),
                UnauthorizedLogin.class))
        .hasMessage("wrong password for alice");
    assertThat(
            failureResultOf(
                checker.requestAvatarId(Credentials.UsernamePassword.of("eve", "secret")),
                UnauthorizedLogin.class))
        .hasMessage("unknown user eve");
  }

  @Test
  void aPlainTextPasswordIsRefusedNamingTheLine() throws Exception {
    Path path = file("alice:" + hash("secret"), "bob:hunter2");
    assertThatThrownBy(() -> PasswordFileChecker.load(reactor, path))
        .isInstanceOf(PasswordFileException.class)
        .hasMessage(
            path
                + ", line 2: the password of bob is not a bcrypt hash (plain text passwords are"
                + " refused); make one with: braid passwd bob")
        .satisfies(e -> assertThat(((PasswordFileException) e).line()).isEqualTo(2));
  }

  @Test
  void malformedLinesAndDuplicateUsersAreRefused() throws Exception {
    assertThatThrownBy(() -> PasswordFileChecker.load(reactor, file("no colon here")))
        .hasMessageContaining("line 1: expected user:HASH");
    assertThatThrownBy(() -> PasswordFileChecker.load(reactor, file(":" + hash("x"))))
        .hasMessageContaining("line 1: expected user:HASH");
    String h = hash("x");
    assertThatThrownBy(() -> PasswordFileChecker.load(reactor, file("a:" + h, "a:" + h)))
        .hasMessageContaining("line 2: user a appears twice");
  }

  @Test
  void hashingRunsOffTheReactorThread(ReactorTester tester) throws Exception {
    var checker = PasswordFileChecker.load(tester.reactor(), file("alice:" + hash("secret")));
    boolean[] onReactor = new boolean[1];
    var login = checker.requestAvatarId(Credentials.UsernamePassword.of("alice", "secret"));
    assertThat(login.called()).as("fires later, from a virtual thread's result").isFalse();
    login.addCallback(
        id -> {
          onReactor[0] = tester.reactor().isReactorThread();
          return id;
        });
    assertThat(tester.await(login)).isEqualTo("alice");
    assertThat(onReactor[0]).as("the result is delivered on the reactor thread").isTrue();
  }
}
