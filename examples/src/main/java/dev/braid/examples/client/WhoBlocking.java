package dev.braid.examples.client;

import dev.braid.net.ClientEndpoint;
import dev.braid.reactor.Reactor;
import java.util.List;

/**
 * "Who is in the room?" as blocking code on a thread of its own (a worker, {@code main}, a servlet
 * thread): each step runs on the reactor with {@code reactor.blockingCallFromThread}, and this
 * thread waits for its Deferred. The protocol is touched only inside those calls, on the reactor
 * thread.
 *
 * <p><b>Threads.</b> Any thread except the reactor thread (there it would wait for itself).
 */
public final class WhoBlocking {
  private WhoBlocking() {}

  /**
   * Joins the chat at {@code endpoint} as {@code name} (or {@code name_}, ...) and lists the room.
   */
  public static List<String> who(Reactor reactor, ClientEndpoint endpoint, String name)
      throws Exception {
    ChatLineClient client =
        reactor.blockingCallFromThread(() -> endpoint.connectProtocol(new ChatLineClient()));
    reactor.blockingCallFromThread(client::nextReply); // the greeting
    String wanted = name;
    while (true) {
      String tried = wanted;
      String answer =
          reactor.blockingCallFromThread(
              () -> {
                client.sendLine(tried);
                return client.nextReply();
              });
      if (!answer.startsWith("! ")) {
        break;
      }
      wanted = wanted + "_";
    }
    String here =
        reactor.blockingCallFromThread(
            () -> {
              client.sendLine("/who");
              return client.nextReply();
            });
    reactor.blockingCallFromThread(
        () -> {
          client.sendLine("/quit");
          return client.nextReply().addDeferredCallback(bye -> client.lost());
        });
    return ChatLineClient.namesIn(here);
  }
}
