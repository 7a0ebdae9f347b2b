package dev.braid.examples.client;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import java.util.List;

/**
 * "Who is in the room?" as a chain of Deferred callbacks. Each step returns the Deferred of the
 * next line; the name retry is a recursive method, since a chain has no loops.
 *
 * <p><b>Threads.</b> Call on the reactor thread; every callback runs there.
 */
public final class WhoWithCallbacks {
  private WhoWithCallbacks() {}

  /**
   * Joins the chat at {@code endpoint} as {@code name} (or {@code name_}, ...) and lists the room.
   */
  public static Deferred<List<String>> who(ClientEndpoint endpoint, String name) {
    return endpoint
        .connectProtocol(new ChatLineClient())
        .addDeferredCallback(
            client ->
                client
                    .nextReply() // the greeting
                    .addDeferredCallback(greeting -> join(client, name))
                    .addDeferredCallback(
                        joined -> {
                          client.sendLine("/who");
                          return client.nextReply();
                        })
                    .addDeferredCallback(
                        here -> {
                          client.sendLine("/quit");
                          return client
                              .nextReply() // "* Bye!"
                              .addDeferredCallback(bye -> client.lost())
                              .addCallback(reason -> ChatLineClient.namesIn(here));
                        }));
  }

  private static Deferred<String> join(ChatLineClient client, String name) {
    client.sendLine(name);
    return client
        .nextReply()
        .addDeferredCallback(
            answer ->
                answer.startsWith("! ") ? join(client, name + "_") : Deferred.succeed(answer));
  }
}
