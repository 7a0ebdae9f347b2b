package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@BraidTest
class PortalTest {
  private final Portal portal =
      Portal.create(
          Realm.avatarIds(),
          List.of(InMemoryChecker.of(Map.of("alice", "secret")), new AnonymousChecker()));

  @Test
  void rightPasswordLogsInWithTheAvatarIdAsAvatar() {
    LoginResult<String> result =
        successResultOf(
            portal.login(Credentials.UsernamePassword.of("alice", "secret"), String.class));
    assertThat(result.avatarId()).isEqualTo("alice");
    assertThat(result.avatar()).isEqualTo("alice");
    result.logout().run();
  }

  @Test
  void wrongPasswordIsUnauthorized() {
    Throwable error =
        failureResultOf(
            portal.login(Credentials.UsernamePassword.of("alice", "guess"), String.class),
            UnauthorizedLogin.class);
    assertThat(error).hasMessage("wrong password for alice");
  }

  @Test
  void unknownUserIsUnauthorized() {
    failureResultOf(
        portal.login(Credentials.UsernamePassword.of("mallory", "secret"), String.class),
        UnauthorizedLogin.class);
  }

  @Test
  void anonymousCredentialsGoToTheAnonymousChecker() {
    assertThat(successResultOf(portal.login(new Credentials.Anonymous(), String.class)).avatarId())
        .isEqualTo(AnonymousChecker.AVATAR_ID);
  }

  @Test
  void credentialsNoCheckerHandlesFailAsUnhandled() {
    Portal passwordsOnly =
        Portal.create(Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("a", "b"))));
    failureResultOf(
        passwordsOnly.login(new Credentials.Anonymous(), String.class), UnhandledCredentials.class);
  }

  @Test
  void theAvatarIdRealmHasNoAvatarsOfOtherTypes() {
    failureResultOf(
        portal.login(Credentials.UsernamePassword.of("alice", "secret"), Runnable.class),
        UnhandledCredentials.class);
  }

  @Test
  void usernamePasswordNeverShowsThePassword() {
    assertThat(Credentials.UsernamePassword.of("alice", "secret").toString())
        .contains("alice")
        .doesNotContain("secret");
  }
}
