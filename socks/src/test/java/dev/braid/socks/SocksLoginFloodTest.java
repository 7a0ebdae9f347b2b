package dev.braid.socks;

import static dev.braid.socks.codec.SocksBytes.ascii;
import static dev.braid.socks.codec.SocksBytes.bytes;
import static dev.braid.socks.codec.SocksBytes.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.cred.Credentials;
import dev.braid.cred.CredentialsChecker;
import dev.braid.cred.HashingLimits;
import dev.braid.cred.LoginThrottle;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.cred.UnauthorizedLogin;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Over TCP: a flood of SOCKS5 logins from one host fails at once, past what the checker lets one
 * peer have, and a login from another host goes through. The checker's "hashes" are Deferreds the
 * test fires, so the test decides when each check ends.
 */
@BraidTest
class SocksLoginFloodTest {
  /** A checker whose checks wait for the test, bounded by a {@link LoginThrottle}. */
  static final class GatedChecker implements CredentialsChecker {
    final LoginThrottle throttle = LoginThrottle.create(new HashingLimits(2, 4, 2));
    final List<Deferred<String>> checks = new ArrayList<>();
    final List<SocketAddress> peers = new ArrayList<>();
    Deferred<Void> nextLoginSeen = new Deferred<>();

    @Override
    public Set<Class<? extends Credentials>> credentialTypes() {
      return Set.of(Credentials.UsernamePassword.class);
    }

    @Override
    public Deferred<String> requestAvatarId(Credentials credentials) {
      throw new AssertionError("the SOCKS server gives the client's address");
    }

    @Override
    public Deferred<String> requestAvatarId(Credentials credentials, SocketAddress peer) {
      peers.add(peer);
      Deferred<String> result =
          throttle.submit(
              Optional.of(peer),
              () -> {
                Deferred<String> check = new Deferred<>();
                checks.add(check);
                return check;
              });
      Deferred<Void> seen = nextLoginSeen;
      nextLoginSeen = new Deferred<>();
      seen.callback(null);
      return result;
    }
  }

  /** Sends a greeting and a login, and reports the login status (or -1 if none came). */
  static final class LoginClient implements Protocol {
    final byte[] login;
    final Deferred<Integer> status = new Deferred<>();
    final Deferred<Void> lost = new Deferred<>();
    private ByteString received = ByteString.EMPTY;
    Transport transport;

    LoginClient(String user, String password) {
      this.login =
          concat(
              bytes(5, 1, 2),
              bytes(1, user.length()),
              ascii(user),
              bytes(password.length()),
              ascii(password));
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      transport.write(login);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      received = received.concat(ByteString.copyOf(data));
      if (received.size() >= 4 && !status.called()) {
        status.callback(received.byteAt(3) & 0xFF);
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      if (!status.called()) {
        status.callback(-1);
      }
      lost.callback(null);
    }
  }

  private static LoginClient connect(ReactorTester t, int port, String from, LoginClient client) {
    return t.await(
        Endpoints.clientFromString(t.reactor(), "tcp:127.0.0.1:" + port + ":bindAddress=" + from)
            .connectProtocol(client));
  }

  @Test
  void aFloodOfLoginsFromOneHostFailsAtOnceAndAnotherHostLogsIn(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    GatedChecker checker = new GatedChecker();
    Portal portal = Portal.create(Realm.avatarIds(), List.of(checker));
    ListeningPort socks =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(SocksServer.factory(reactor, SocksConfig.defaults().withPortal(portal))));
    int port = ((InetSocketAddress) socks.address()).getPort();

    List<LoginClient> flood = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      flood.add(connect(t, port, "127.0.0.1", new LoginClient("mallory", "guess" + i)));
    }
    for (LoginClient refused : flood.subList(2, 20)) {
      assertThat(t.await(refused.status)).as("refused before any check ended").isEqualTo(1);
      t.await(refused.lost);
    }
    for (LoginClient held : flood.subList(0, 2)) {
      assertThat(held.status.called()).isFalse();
    }
    assertThat(checker.checks).as("checks started").hasSize(2);

    Deferred<Void> seen = checker.nextLoginSeen;
    LoginClient alice = connect(t, port, "127.0.0.2", new LoginClient("alice", "secret"));
    t.await(seen);
    assertThat(checker.throttle.queued()).as("alice waits behind the two checks").isEqualTo(1);

    checker.checks.get(0).errback(new UnauthorizedLogin("wrong password for mallory"));
    assertThat(checker.checks).hasSize(3);
    checker.checks.get(2).callback("alice");

    assertThat(t.await(alice.status)).isZero();
    assertThat(t.await(flood.get(0).status)).isEqualTo(1);
    assertThat(checker.peers.getLast())
        .isEqualTo(alice.transport.hostAddress())
        .extracting(a -> ((InetSocketAddress) a).getAddress().getHostAddress())
        .isEqualTo("127.0.0.2");

    checker.checks.get(1).errback(new UnauthorizedLogin("wrong password for mallory"));
    assertThat(t.await(flood.get(1).status)).isEqualTo(1);
    alice.transport.loseConnection();
    t.await(alice.lost);
    t.await(flood.get(0).lost);
    t.await(flood.get(1).lost);
    t.await(socks.stopListening());
  }
}
