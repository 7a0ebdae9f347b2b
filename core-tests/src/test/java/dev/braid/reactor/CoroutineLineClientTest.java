package dev.braid.reactor;

import static dev.braid.reactor.Coroutines.async;
import static dev.braid.reactor.Coroutines.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.defer.DeferredQueue;
import dev.braid.net.ConnectionDone;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.protocols.LineReceiver;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line-protocol client written as a coroutine, against a real server on 127.0.0.1. */
@BraidTest
class CoroutineLineClientTest {

  /** Server: answers each line with its upper-case form, and "bye" to QUIT, then closes. */
  private static final class ShoutServer extends LineReceiver {
    final Deferred<Throwable> lost = new Deferred<>();

    @Override
    protected void lineReceived(ByteString line) {
      String text = line.utf8();
      if (text.equals("QUIT")) {
        sendLine("bye");
        transport().loseConnection();
      } else {
        sendLine(text.toUpperCase());
      }
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  /** Client: each received line goes to a queue the coroutine awaits. */
  private static final class QueueClient extends LineReceiver {
    final DeferredQueue<String> lines = new DeferredQueue<>();
    final Deferred<Throwable> lost = new Deferred<>();
    final List<String> events;

    QueueClient(List<String> events) {
      this.events = events;
    }

    @Override
    protected void lineReceived(ByteString line) {
      events.add("client received " + line.utf8());
      lines.put(line.utf8());
    }

    @Override
    public void connectionLost(Throwable reason) {
      lost.callback(reason);
    }
  }

  @Test
  void coroutineClientTalksToARealServerLineByLine(ReactorTester t) {
    Reactor reactor = t.reactor();
    List<ShoutServer> servers = new ArrayList<>();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(reactor, "tcp:0:interface=127.0.0.1")
                .listen(
                    peer -> {
                      ShoutServer server = new ShoutServer();
                      servers.add(server);
                      return server;
                    }));
    int portNumber = ((InetSocketAddress) port.address()).getPort();
    List<String> events = new ArrayList<>();

    Deferred<List<String>> conversation =
        async(
            reactor,
            () -> {
              QueueClient client =
                  await(
                      Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + portNumber)
                          .connectProtocol(new QueueClient(events)));
              List<String> replies = new ArrayList<>();
              for (String word : List.of("hello", "coroutine", "world")) {
                events.add("body sends " + word);
                client.sendLine(word);
                String reply = await(client.lines.get());
                events.add("body got " + reply);
                replies.add(reply);
              }
              client.sendLine("QUIT");
              replies.add(await(client.lines.get()));
              Throwable reason = await(client.lost);
              replies.add(reason.getClass().getSimpleName());
              return replies;
            });

    assertThat(t.await(conversation))
        .containsExactly("HELLO", "COROUTINE", "WORLD", "bye", "ConnectionDone");
    assertThat(events)
        .containsExactly(
            "body sends hello",
            "client received HELLO",
            "body got HELLO",
            "body sends coroutine",
            "client received COROUTINE",
            "body got COROUTINE",
            "body sends world",
            "client received WORLD",
            "body got WORLD",
            "client received bye");
    assertThat(t.await(servers.getFirst().lost)).isInstanceOf(ConnectionDone.class);
    t.await(port.stopListening());
  }
}
