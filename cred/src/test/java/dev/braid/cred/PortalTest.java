package dev.braid.cred;

import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.testing.BraidTest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  void aHashedPasswordIsCheckedAgainstTheStoredPasswordAndAWrongOneRefused() {
    List<ByteString> offered = new ArrayList<>();
    Credentials right =
        new Credentials.UsernameHashedPassword(
            "alice",
            password -> {
              offered.add(password);
              return password.equals(ByteString.utf8("secret"));
            });
    assertThat(successResultOf(portal.login(right, String.class)).avatarId()).isEqualTo("alice");
    assertThat(offered).containsExactly(ByteString.utf8("secret"));
    failureResultOf(
        portal.login(new Credentials.UsernameHashedPassword("alice", p -> false), String.class),
        UnauthorizedLogin.class);
    failureResultOf(
        portal.login(new Credentials.UsernameHashedPassword("bob", p -> true), String.class),
        UnauthorizedLogin.class);
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

  @Test
  void theClientsAddressReachesTheCheckerAndCheckersThatIgnoreItStillWork() {
    List<SocketAddress> peers = new ArrayList<>();
    CredentialsChecker recording =
        new CredentialsChecker() {
          @Override
          public Set<Class<? extends Credentials>> credentialTypes() {
            return Set.of(Credentials.Anonymous.class);
          }

          @Override
          public Deferred<String> requestAvatarId(Credentials credentials) {
            return Deferred.succeed("nobody");
          }

          @Override
          public Deferred<String> requestAvatarId(Credentials credentials, SocketAddress peer) {
            peers.add(peer);
            return Deferred.succeed("anonymous from " + peer);
          }
        };
    Portal withPeer =
        Portal.create(
            Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "secret")), recording));
    SocketAddress client = new InetSocketAddress("127.0.0.1", 4242);

    LoginResult<String> anonymous =
        successResultOf(withPeer.login(new Credentials.Anonymous(), client, String.class));
    LoginResult<String> alice =
        successResultOf(
            withPeer.login(
                Credentials.UsernamePassword.of("alice", "secret"), client, String.class));

    assertThat(peers).containsExactly(client);
    assertThat(anonymous.avatarId()).isEqualTo("anonymous from " + client);
    assertThat(alice.avatarId()).isEqualTo("alice");
  }

  @Test
  void checkersOfTheSameKindAreTriedInTurnUntilOneAccepts() {
    Portal two =
        Portal.create(
            Realm.avatarIds(),
            List.of(
                InMemoryChecker.of(Map.of("alice", "secret")),
                InMemoryChecker.of(Map.of("bob", "hunter2"))));
    assertThat(
            successResultOf(
                    two.login(Credentials.UsernamePassword.of("bob", "hunter2"), String.class))
                .avatarId())
        .isEqualTo("bob");
    assertThat(
            successResultOf(
                    two.login(Credentials.UsernamePassword.of("alice", "secret"), String.class))
                .avatarId())
        .isEqualTo("alice");
    failureResultOf(
        two.login(Credentials.UsernamePassword.of("bob", "secret"), String.class),
        UnauthorizedLogin.class);
  }

  @Test
  void aFailureOtherThanARefusalEndsTheLoginWithoutAskingTheNextChecker() {
    List<String> asked = new ArrayList<>();
    CredentialsChecker limited =
        new CredentialsChecker() {
          @Override
          public Set<Class<? extends Credentials>> credentialTypes() {
            return Set.of(Credentials.UsernamePassword.class);
          }

          @Override
          public Deferred<String> requestAvatarId(Credentials credentials) {
            asked.add("limited");
            return Deferred.fail(new LoginRateLimited("too many logins under way"));
          }
        };
    CredentialsChecker next =
        new CredentialsChecker() {
          @Override
          public Set<Class<? extends Credentials>> credentialTypes() {
            return Set.of(Credentials.UsernamePassword.class);
          }

          @Override
          public Deferred<String> requestAvatarId(Credentials credentials) {
            asked.add("next");
            return Deferred.succeed("alice");
          }
        };
    Portal portal = Portal.create(Realm.avatarIds(), List.of(limited, next));
    failureResultOf(
        portal.login(Credentials.UsernamePassword.of("alice", "secret"), String.class),
        LoginRateLimited.class);
    assertThat(asked).containsExactly("limited");
  }
}
