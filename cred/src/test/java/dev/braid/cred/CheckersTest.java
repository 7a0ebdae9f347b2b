package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@BraidTest
class CheckersTest {
  @TempDir Path dir;
  private final MemoryReactor reactor = new MemoryReactor();

  @Test
  void memorySpecHoldsEveryUserPasswordPair() {
    CredentialsChecker checker = Checkers.fromString(reactor, "memory:alice:secret:bob:pw");
    assertThat(checker).isInstanceOf(InMemoryChecker.class);
    assertThat(((InMemoryChecker) checker).usernames()).containsExactlyInAnyOrder("alice", "bob");
    assertThat(
            successResultOf(checker.requestAvatarId(Credentials.UsernamePassword.of("bob", "pw"))))
        .isEqualTo("bob");
    failureResultOf(
        checker.requestAvatarId(Credentials.UsernamePassword.of("alice", "pw")),
        UnauthorizedLogin.class);
  }

  @Test
  void fileSpecLoadsAPasswordFile() throws Exception {
    Path file = dir.resolve("pw");
    Files.write(file, List.of("carol:" + Passwords.hash(ByteString.utf8("x"), 4)));
    CredentialsChecker checker = Checkers.fromString(reactor, "file:" + file);
    assertThat(
            successResultOf(checker.requestAvatarId(Credentials.UsernamePassword.of("carol", "x"))))
        .isEqualTo("carol");
  }

  @Test
  void anonymousAndSshkeysSpecsMakeTheirCheckers() {
    assertThat(Checkers.fromString(reactor, "anonymous")).isInstanceOf(AnonymousChecker.class);
    assertThat(Checkers.fromString(reactor, "sshkeys:/home/%u/.ssh/authorized_keys"))
        .isInstanceOf(SshKeysChecker.class);
  }

  @Test
  void badSpecsSayWhatIsWrongWithoutShowingPasswords() {
    String[][] cases = {
      {"memory", "memory: needs USER:PASSWORD pairs"},
      {"memory:alice", "the last user has no password"},
      {"memory:alice:secret:bob", "the last user has no password"},
      {"memory:alice:", "must not be empty"},
      {"memory:a:x:a:y", "user a appears twice"},
      {"file:", "file: needs a path"},
      {"file:" + "/nonexistent/braid-passwords", "cannot read the password file"},
      {"anonymous:x", "anonymous takes no argument"},
      {"sshkeys:", "sshkeys: needs a path"},
      {"ldap:x", "unknown kind \"ldap\""},
      {"", "unknown kind \"\""},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> Checkers.fromString(reactor, c[0]))
          .as(c[0])
          .isInstanceOf(CheckerSpecException.class)
          .hasMessageContaining(c[1]);
    }
    assertThatThrownBy(() -> Checkers.fromString(reactor, "memory:alice:secret:bob"))
        .message()
        .doesNotContain("secret");
  }

  @Test
  void aPlainTextPasswordFileIsABadSpecNamingTheLine() throws Exception {
    Path file = dir.resolve("pw");
    Files.write(file, List.of("alice:secret"));
    assertThatThrownBy(() -> Checkers.fromString(reactor, "file:" + file))
        .isInstanceOf(CheckerSpecException.class)
        .hasMessageContaining("line 1: the password of alice is not a bcrypt hash");
  }
}
