package dev.braid.examples.chat;

import static dev.braid.testing.DeferredAssertions.assertNoResult;
import static dev.braid.testing.DeferredAssertions.failureResultOf;
import static dev.braid.testing.DeferredAssertions.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.net.Endpoints;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.reactor.Timing;
import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.FakeConnector;
import dev.braid.testing.LoggedErrors;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.MemoryReactor;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.time.Duration;
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
}
