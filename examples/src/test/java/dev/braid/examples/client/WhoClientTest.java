package dev.braid.examples.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.examples.chat.ChatRoom;
import dev.braid.examples.chat.ChatServer;
import dev.braid.net.ClientEndpoint;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three "who is in the room?" clients against the real chat server on 127.0.0.1, where alice is
 * already in the room: each joins, lists the room, and quits cleanly.
 */
@BraidTest
class WhoClientTest {
  private final ChatRoom room = new ChatRoom();
  private final List<String> aliceHeard = new ArrayList<>();

  private ClientEndpoint startServer(ReactorTester t, List<ListeningPort> ports) {
    Reactor reactor = t.reactor();
    room.join("alice", aliceHeard::add);
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(ChatServer.factory(room, reactor)));
    ports.add(port);
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    return Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + portNumber);
  }

  private void stop(ReactorTester t, List<ListeningPort> ports) {
    t.await(ports.getFirst().stopListening());
    assertThat(room.names()).containsExactly("alice");
  }

  @Test
  void callbackClientListsTheRoomAndRetriesATakenName(ReactorTester t) {
    List<ListeningPort> ports = new ArrayList<>();
    ClientEndpoint endpoint = startServer(t, ports);

    assertThat(t.await(WhoWithCallbacks.who(endpoint, "bob")))
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(t.await(WhoWithCallbacks.who(endpoint, "alice")))
        .containsExactlyInAnyOrder("alice", "alice_");
    stop(t, ports);
  }

  @Test
  void coroutineClientListsTheRoomAndRetriesATakenName(ReactorTester t) {
    List<ListeningPort> ports = new ArrayList<>();
    ClientEndpoint endpoint = startServer(t, ports);

    assertThat(t.await(WhoWithCoroutine.who(t.reactor(), endpoint, "bob")))
        .containsExactlyInAnyOrder("alice", "bob");
    assertThat(t.await(WhoWithCoroutine.who(t.reactor(), endpoint, "alice")))
        .containsExactlyInAnyOrder("alice", "alice_");
    stop(t, ports);
  }

  @Test
  void blockingClientOnAnotherThreadListsTheRoomAndRetriesATakenName(ReactorTester t) {
    List<ListeningPort> ports = new ArrayList<>();
    ClientEndpoint endpoint = startServer(t, ports);
    Reactor reactor = t.reactor();

    Deferred<List<String>> bob =
        reactor.deferToThread(() -> WhoBlocking.who(reactor, endpoint, "bob"));
    assertThat(t.await(bob)).containsExactlyInAnyOrder("alice", "bob");
    Deferred<List<String>> alice =
        reactor.deferToThread(() -> WhoBlocking.who(reactor, endpoint, "alice"));
    assertThat(t.await(alice)).containsExactlyInAnyOrder("alice", "alice_");
    stop(t, ports);
  }

  @Test
  void threeStylesRunAtOnceOnOneReactor(ReactorTester t) {
    List<ListeningPort> ports = new ArrayList<>();
    ClientEndpoint endpoint = startServer(t, ports);
    Reactor reactor = t.reactor();

    Deferred<List<String>> callbacks = WhoWithCallbacks.who(endpoint, "carol");
    Deferred<List<String>> coroutine = WhoWithCoroutine.who(reactor, endpoint, "dave");
    Deferred<List<String>> blocking =
        reactor.deferToThread(() -> WhoBlocking.who(reactor, endpoint, "erin"));

    List<List<String>> all = t.await(Deferred.gather(List.of(callbacks, coroutine, blocking)));
    assertThat(all).allSatisfy(names -> assertThat(names).contains("alice"));
    assertThat(all.get(0)).contains("carol");
    assertThat(all.get(1)).contains("dave");
    assertThat(all.get(2)).contains("erin");
    stop(t, ports);
  }
}
