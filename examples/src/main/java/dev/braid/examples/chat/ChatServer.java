package dev.braid.examples.chat;

import dev.braid.defer.Deferred;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.ProtocolFactory;
import dev.braid.net.ServerEndpoint;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.reactor.Reactor.ShutdownPhase;
import dev.braid.reactor.ReactorNotRunningException;
import dev.braid.reactor.Reactors;
import dev.braid.time.ReactorTime;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat server: one {@link ChatRoom}, and a {@link ChatProtocol} for each connection. Run it,
 * then talk to it with {@code nc localhost 8000}:
 *
 * <pre>{@code
 * java -jar examples/target/chat-server.jar [ENDPOINT]
 * }</pre>
 *
 * The tutorial ({@code docs/tutorial.md}) builds it step by step.
 */
public final class ChatServer {
  private static final Logger LOG = LoggerFactory.getLogger(ChatServer.class);

  /** Where {@link #main} listens when given no endpoint: port 8000, on the loopback interface. */
  public static final String DEFAULT_ENDPOINT = "tcp:8000:interface=127.0.0.1";

  private ChatServer() {}

  /** A factory that makes a {@link ChatProtocol} for each connection, all in {@code room}. */
  public static ProtocolFactory factory(ChatRoom room, ReactorTime time) {
    return peer -> new ChatProtocol(room, time);
  }

  /**
   * Runs the server on a new reactor until the process is stopped (Ctrl-C or SIGTERM), listening on
   * the endpoint given as the one argument, {@value #DEFAULT_ENDPOINT} by default. Exits with
   * status 2 for a malformed endpoint and 1 when it cannot listen.
   */
  public static void main(String[] args) throws InterruptedException {
    String description = args.length > 0 ? args[0] : DEFAULT_ENDPOINT;
    Reactor reactor = Reactors.create();
    ServerEndpoint endpoint;
    try {
      endpoint = Endpoints.serverFromString(reactor, description);
    } catch (EndpointSyntaxException e) {
      LOG.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    ChatRoom room = new ChatRoom();
    boolean[] failed = {false};
    reactor.callWhenRunning(
        () ->
            endpoint
                .listen(factory(room, reactor))
                .addCallbacks(
                    port -> {
                      LOG.info("chat server ready on {}", port.address());
                      return null;
                    },
                    error -> {
                      LOG.error("cannot start the chat server: {}", error.getMessage());
                      failed[0] = true;
                      reactor.stop();
                      return null;
                    }));
    reactor.addShutdownTrigger(
        ShutdownPhase.BEFORE,
        () -> {
          room.announce("* The server is shutting down. Bye!");
          return Deferred.succeed(null);
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAndWait(reactor, stopped)));
    try {
      reactor.run();
    } finally {
      stopped.countDown();
    }
    if (failed[0]) {
      System.exit(1);
    }
  }

  /** On Ctrl-C or SIGTERM: stops the reactor (which closes every connection) and waits for it. */
  private static void stopAndWait(Reactor reactor, CountDownLatch stopped) {
    try {
      reactor.stop();
      stopped.await();
    } catch (ReactorNotRunningException e) {
      // it stopped already
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
