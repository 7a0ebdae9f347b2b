package dev.braid.examples.chat;

import static dev.braid.reactor.Coroutines.async;
import static dev.braid.reactor.Coroutines.await;
import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.LineParser;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Timing;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.FakeConnector;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.MemoryReactor;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.ReactorTester;
import dev.braid.testing.RealPeer;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The testing kit's tools not shown by the other chat tests; docs/testing.md quotes them. */
@BraidTest
class TestingKitTourTest {

  @Test
  void deferredAssertionsReadWhatADeferredHoldsNow() {
    FakeClock clock = new FakeClock();
    Deferred<String> later = Timing.deferLater(clock, Duration.ofSeconds(5), () -> "done");

    assertNoResult(later);
    clock.advance(Duration.ofSeconds(5));
    assertThat(successResultOf(later)).isEqualTo("done");

    Deferred<String> failed = Deferred.fail(new BindException("port in use"));
    assertThat(failureResultOf(failed, BindException.class)).hasMessage("port in use");
  }

  @Test
  void anExceptionInAProtocolIsLoggedAndClosesOnlyItsConnection() {
    Protocol broken =
        new Protocol() {
          @Override
          public void dataReceived(ByteBuffer data) {
            throw new IllegalStateException("broken on purpose");
          }
        };
    ChatClient client = new ChatClient();
    LoopbackPump pump = Loopback.connect(broken, client);

    client.sendLine("hello?");
    pump.flush();

    assertThat(pump.closed()).isTrue();
    assertThat(LoggedErrors.flush(IllegalStateException.class)).hasSize(1);
  }

  @Test
  void theServerRunsOnAMemoryReactorAndTheTestPlaysTheNetwork() {
    MemoryReactor reactor = new MemoryReactor();
    ChatRoom room = new ChatRoom();
    Deferred<ListeningPort> listening =
        Endpoints.serverFromString(reactor, "tcp:8000:interface=127.0.0.1")
            .listen(ChatServer.factory(room, reactor));
    assertThat(successResultOf(listening).address().toString()).endsWith(":8000");

    Deferred<ChatClient> connecting =
        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:8000").connectProtocol(new ChatClient());
    assertNoResult(connecting);
    FakeConnector connector = reactor.tcpClients().getFirst().connector();
    LoopbackPump pump = connector.completeLoopback(); // to the port listening on 8000
    ChatClient alice = successResultOf(connecting);

    alice.sendLine("alice");
    pump.flush();
    assertThat(alice.takeReceived()).endsWith("* Hello alice! You are the first one here.");

    reactor.clock().advance(ChatProtocol.IDLE_TIMEOUT);
    pump.flush();
    assertThat(alice.takeReceived()).containsExactly("! silent for 10 minutes; closing");
    assertThat(pump.closed()).isTrue();
    assertThat(room.names()).isEmpty();
  }

  @Test
  void everyWayOfCuttingTheInputGivesTheSameLines() {
    List<ByteString> lines =
        ProtocolFeeder.everyWay()
            .sameResult(
                ByteString.ascii("alice\r\n/who\r\n"),
                split -> {
                  LineParser parser = new LineParser(100, ByteString.ascii("\r\n"));
                  List<ByteString> out = new ArrayList<>();
                  split.feed(chunk -> parser.feed(chunk, out::add));
                  return out;
                });

    assertThat(lines).containsExactly(ByteString.ascii("alice"), ByteString.ascii("/who"));
  }

  @Test
  void aCoroutineRunsOnAMemoryReactorAndTheFakeClockWakesIt() {
    MemoryReactor reactor = new MemoryReactor();
    Deferred<String> reply =
        async(
            reactor,
            () -> {
              String woke = await(Timing.deferLater(reactor, Duration.ofSeconds(5), () -> "woke"));
              return woke + " after 5 s";
            });

    reactor.clock().advance(Duration.ofSeconds(4));
    assertNoResult(reply);
    reactor.clock().advance(Duration.ofSeconds(1));
    assertThat(successResultOf(reply)).isEqualTo("woke after 5 s");
  }

  /** A chat user in Python: prints each line the server sends, says its name, then quits. */
  private static final String PYTHON_USER =
      """
      import socket, sys
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
      lines = s.makefile("r")
      print(lines.readline().strip(), flush=True)
      s.sendall(b"py\\n")
      print(lines.readline().strip(), flush=True)
      s.sendall(b"/quit\\n")
      print(lines.read().strip(), flush=True)
      """;

  @Test
  void aPythonUserChatsWithTheServerOverTcp(ReactorTester t) throws Exception {
    Reactor reactor = t.reactor();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(ChatServer.factory(new ChatRoom(), reactor)));
    int portNumber = ((InetSocketAddress) port.address()).getPort();

    RealPeer python =
        RealPeer.start(reactor, "python3", "-c", PYTHON_USER, String.valueOf(portNumber));

    assertThat(t.await(python.lineContaining("Hello")))
        .isEqualTo("* Hello py! You are the first one here.");
    assertThat(t.await(python.lineContaining("Bye"))).isEqualTo("* Bye!");
    assertThat(t.await(python.exited())).isZero();
    t.await(port.stopListening());
  }
}
