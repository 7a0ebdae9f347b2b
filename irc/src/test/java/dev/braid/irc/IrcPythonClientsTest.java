package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.cred.InMemoryChecker;
import dev.braid.cred.Portal;
import dev.braid.cred.Realm;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Braid's IRC server on a real socket, used by two clients written with Python's {@code irc}
 * library (Debian's python3-irc): registration, SASL PLAIN, JOIN, TOPIC, NAMES, channel and private
 * messages, PART and QUIT, as the library itself speaks them.
 */
@BraidTest
class IrcPythonClientsTest {
  @Test
  void twoPythonClientsRegisterLogInJoinTalkPartAndQuit(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    IrcConfig config =
        IrcConfig.defaults()
            .withPortal(
                Portal.create(
                    Realm.avatarIds(), List.of(InMemoryChecker.of(Map.of("alice", "s3cret")))));
    IrcServer server = new IrcServer(reactor, config);
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(server.factory()));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    Path script = Path.of(getClass().getResource("two_clients.py").toURI());

    RealPeer python =
        RealPeer.start(
            reactor,
            "python3-irc",
            List.of("/usr/bin/python3", script.toString(), "" + portNumber, "s3cret"));

    assertThat(t.await(python.exited())).as(python.output()).isZero();
    assertThat(python.output())
        .containsSubsequence(
            "alice: registered",
            "alice: logged in",
            "alice: topic set",
            "bob: registered",
            "alice: saw bob join",
            "bob: heard <alice> hello bob",
            "alice: heard <bob> hi alice",
            "bob: private <alice> just for you",
            "alice: saw bob part: see you",
            "done")
        .contains("bob: topic is talk about braid", "bob: names @alice bob");
    assertThat(server.userCount()).isZero();
    t.await(port.stopListening());
  }
}
