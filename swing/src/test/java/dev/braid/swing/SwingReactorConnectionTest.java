package dev.braid.swing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.net.ConnectionDone;
import dev.braid.net.ListeningPort;
import dev.braid.net.Protocol;
import dev.braid.net.Transport;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.wire.Echo;
import dev.braid.reactor.Reactor;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A client on a Swing reactor talking over 127.0.0.1 to an echo server on the test's reactor: every
 * callback of the connection, and the Deferred fired by connecting, runs on the EDT.
 */
@BraidTest
class SwingReactorConnectionTest {

  /** Writes "ping" once connected, records where its callbacks run, closes after the echo. */
  private static final class PingClient implements Protocol {
    private final Reactor reactor;
    final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<String> echoed = new CompletableFuture<>();
    final CompletableFuture<Throwable> lost = new CompletableFuture<>();
    private Transport transport;

    PingClient(Reactor reactor) {
      this.reactor = reactor;
    }

    @Override
    public void connectionMade(Transport transport) {
      this.transport = transport;
      seen.add(Seen.here("connectionMade", reactor));
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      seen.add(Seen.here("dataReceived", reactor));
      echoed.complete(ByteString.copyOf(data).utf8());
      transport.loseConnection();
    }

    @Override
    public void connectionLost(Throwable reason) {
      seen.add(Seen.here("connectionLost", reactor));
      lost.complete(reason);
    }
  }

  /** Waits on the test's reactor (so the server side goes on) for a future completed elsewhere. */
  private static <T> T await(ReactorTester t, CompletableFuture<T> future) {
    return t.await(Deferred.fromFuture(future, t.reactor()));
  }

  @Test
  void dataReceivedAndTheConnectDeferredsCallbacksRunOnTheEventDispatchThread(ReactorTester t)
      throws Exception {
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    int portNumber = ((InetSocketAddress) port.address()).getPort();

    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      Reactor swing = running.reactor;
      PingClient client = new PingClient(swing);
      CompletableFuture<Seen> connectedCallback = new CompletableFuture<>();
      swing.callFromThread(
          () ->
              Endpoints.clientFromString(swing, "tcp:127.0.0.1:" + portNumber)
                  .connectProtocol(client)
                  .addCallback(
                      protocol -> {
                        connectedCallback.complete(Seen.here("connected callback", swing));
                        protocol.transport.write(ByteString.ascii("ping"));
                        return null;
                      }));

      assertThat(await(t, connectedCallback)).isEqualTo(Seen.onEdtAsOwner("connected callback"));
      assertThat(await(t, client.echoed)).isEqualTo("ping");
      assertThat(await(t, client.lost)).isInstanceOf(ConnectionDone.class);
      assertThat(client.seen)
          .containsExactly(
              Seen.onEdtAsOwner("connectionMade"),
              Seen.onEdtAsOwner("dataReceived"),
              Seen.onEdtAsOwner("connectionLost"));
    }
    t.await(port.stopListening());
  }

  @Test
  void stoppingTheReactorClosesItsConnectionsWithConnectionLostOnTheEdt(ReactorTester t)
      throws Exception {
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(Echo.factory()));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    PingClient client;
    try (RunningReactor running = RunningReactor.start(SwingReactors.create())) {
      Reactor swing = running.reactor;
      client = new PingClient(swing);
      CompletableFuture<Void> connected = new CompletableFuture<>();
      swing.callFromThread(
          () ->
              Endpoints.clientFromString(swing, "tcp:127.0.0.1:" + portNumber)
                  .connectProtocol(client)
                  .addCallback(
                      protocol -> {
                        connected.complete(null);
                        return null;
                      }));
      await(t, connected);
    } // stops the Swing reactor, which closes the connection

    assertThat(RunningReactor.get(client.lost)).hasMessageContaining("reactor stopped");
    assertThat(client.seen)
        .containsExactly(Seen.onEdtAsOwner("connectionMade"), Seen.onEdtAsOwner("connectionLost"));
    t.await(port.stopListening());
  }
}
