package dev.braid.examples.client;

import static dev.braid.reactor.Coroutines.await;

import dev.braid.defer.Deferred;
import dev.braid.net.ClientEndpoint;
import dev.braid.reactor.Coroutines;
import dev.braid.reactor.Reactor;
import java.util.List;

/**
 * "Who is in the room?" as a coroutine: the same steps as {@link WhoWithCallbacks}, written top to
 * bottom, with a plain loop for the name retry.
 *
 * <p><b>Threads.</b> Call on the reactor thread. The body runs on its own virtual thread but never
 * at the same time as the reactor, so it uses the protocol directly; other connections run only
 * while it waits in {@code await}.
 */
public final class WhoWithCoroutine {
  private WhoWithCoroutine() {}

  /**
   * Joins the chat at {@code endpoint} as {@code name} (or {@code name_}, ...) and lists the room.
   */
  public static Deferred<List<String>> who(Reactor reactor, ClientEndpoint endpoint, String name) {
    return Coroutines.async(
        reactor,
        () -> {
          ChatLineClient client = await(endpoint.connectProtocol(new ChatLineClient()));
          await(client.nextReply()); // the greeting
          String wanted = name;
          client.sendLine(wanted);
          while (await(client.nextReply()).startsWith("! ")) {
            wanted = wanted + "_";
            client.sendLine(wanted);
          }
          client.sendLine("/who");
          List<String> names = ChatLineClient.namesIn(await(client.nextReply()));
          client.sendLine("/quit");
          await(client.nextReply()); // "* Bye!"
          await(client.lost());
          return names;
        });
  }
}
