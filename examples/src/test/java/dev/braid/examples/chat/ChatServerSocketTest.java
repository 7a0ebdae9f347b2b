package dev.braid.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ClientEndpoint;
import dev.braid.net.ConnectionDone;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The chat server on a real reactor, with two clients over TCP on 127.0.0.1. */
@BraidTest
class ChatServerSocketTest {

  @Test
  void twoClientsChatOverTcpAndLeaveTheReactorClean(ReactorTester t) {
    Reactor reactor = t.reactor();
    ChatRoom room = new ChatRoom();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(ChatServer.factory(room, reactor)));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    ClientEndpoint server = Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + portNumber);

    ChatClient alice = t.await(server.connectProtocol(new ChatClient()));
    assertThat(t.await(alice.nextLine())).isEqualTo("* Welcome to Braid chat! What is your name?");
    alice.sendLine("alice");
    assertThat(t.await(alice.nextLine())).isEqualTo("* Hello alice! You are the first one here.");

    ChatClient bob = t.await(server.connectProtocol(new ChatClient()));
    assertThat(t.await(bob.nextLine())).isEqualTo("* Welcome to Braid chat! What is your name?");
    bob.sendLine("bob");
    assertThat(t.await(bob.nextLine())).isEqualTo("* Hello bob! Here: alice");
    assertThat(t.await(alice.nextLine())).isEqualTo("* bob joined");

    alice.sendLine("hi bob");
    assertThat(t.await(bob.nextLine())).isEqualTo("<alice> hi bob");
    bob.sendLine("hi alice");
    assertThat(t.await(alice.nextLine())).isEqualTo("<bob> hi alice");

    // The server closes each connection on /quit, so both ends are closed when the client hears it.
    bob.sendLine("/quit");
    assertThat(t.await(bob.nextLine())).isEqualTo("* Bye!");
    assertThat(t.await(bob.lost())).isInstanceOf(ConnectionDone.class);
    assertThat(t.await(alice.nextLine())).isEqualTo("* bob left");
    alice.sendLine("/quit");
    assertThat(t.await(alice.nextLine())).isEqualTo("* Bye!");
    assertThat(t.await(alice.lost())).isInstanceOf(ConnectionDone.class);
    t.await(port.stopListening());

    assertThat(room.names()).isEmpty();
    assertThat(reactor.pendingCalls()).isEmpty();
  }
}
