package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

  @Test
  void aFloodOfLoginsBeyondTheQueueFailsAtOnceWithoutHashing(ReactorTester tester)
      throws Exception {
    var checker = PasswordFileChecker.load(tester.reactor(), file("alice:" + hash("secret")));
    int accepted = Runtime.getRuntime().availableProcessors() + 64;
    List<Deferred<String>> logins = new ArrayList<>();
    for (int i = 0; i < accepted + 100; i++) {
      logins.add(checker.requestAvatarId(Credentials.UsernamePassword.of("alice", "wrong" + i)));
    }

    // The test holds the reactor thread: no hash can have finished, so whatever failed did so
    // before hashing.
    for (Deferred<String> refused : logins.subList(accepted, logins.size())) {
      assertThat(failureResultOf(refused, LoginFailed.class))
          .hasMessageStartingWith("too many logins at once");
    }
    for (Deferred<String> login : logins.subList(0, accepted)) {
      assertThat(login.called()).isFalse();
    }
    for (Deferred<String> login : logins.subList(0, accepted)) {
      assertThat(tester.awaitFailure(login)).isInstanceOf(UnauthorizedLogin.class);
    }
  }

  @Test
  void aFloodFromOnePeerLeavesRoomForTheRightLoginOfAnother(ReactorTester tester) throws Exception {
    var checker =
        PasswordFileChecker.load(
            tester.reactor(), file("alice:" + hash("secret")), new HashingLimits(1, 4, 2));
    List<Deferred<String>> flood = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      flood.add(
          checker.requestAvatarId(
              Credentials.UsernamePassword.of("alice", "guess" + i),
              new InetSocketAddress("127.0.0.1", 40_000 + i)));
    }
    Deferred<String> right =
        checker.requestAvatarId(
            Credentials.UsernamePassword.of("alice", "secret"),
            new InetSocketAddress("127.0.0.2", 50_000));

    for (Deferred<String> refused : flood.subList(2, 50)) {
      assertThat(failureResultOf(refused, LoginRateLimited.class))
          .hasMessage("too many logins from /127.0.0.1 at once (at most 2 per peer)");
    }
    assertThat(tester.await(right)).isEqualTo("alice");
    assertThat(tester.awaitFailure(flood.get(0))).isInstanceOf(UnauthorizedLogin.class);
    assertThat(tester.awaitFailure(flood.get(1))).isInstanceOf(UnauthorizedLogin.class);
  }
}
