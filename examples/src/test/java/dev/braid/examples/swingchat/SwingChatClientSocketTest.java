package dev.braid.examples.swingchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.defer.Deferred;
import dev.braid.examples.chat.ChatRoom;
import dev.braid.examples.chat.ChatServer;
import dev.braid.net.ListeningPort;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.swing.SwingReactors;
import dev.braid.testing.BraidTest;
import dev.braid.testing.ReactorTester;
import java.awt.EventQueue;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.swing.event.ListDataEvent;
import javax.swing.event.ListDataListener;
import org.junit.jupiter.api.Test;

/**
 * The Swing chat client against the real chat server over 127.0.0.1: the server runs on the test's
 * reactor, the clients on a Swing reactor (headless: the AWT event queue needs no display). Alice
 * uses the window's panel, typing with Enter as a user would; bob is a window-less model.
 */
@BraidTest
class SwingChatClientSocketTest {
  private static final long TIMEOUT_SECONDS = 10;

  /** Waits on the test's reactor (so the server goes on) for a future completed on the EDT. */
  private static <T> T await(ReactorTester t, CompletableFuture<T> future) {
    return t.await(Deferred.fromFuture(future, t.reactor()));
  }

  /** Completes {@code shown} once {@code model} shows {@code line}. Call on the EDT, in a turn. */
  private static void whenShown(ChatModel model, String line, CompletableFuture<Void> shown) {
    model.onLine(
        received -> {
          if (received.equals(line)) {
            shown.complete(null);
          }
        });
  }

  /** Completes {@code lost} with the status once {@code model} has lost its connection. */
  private static void whenDisconnected(ChatModel model, CompletableFuture<String> lost) {
    model.onStateChange(
        () -> {
          if (model.status().startsWith("Disconnected")) {
            lost.complete(model.status());
          }
        });
  }

  /** Types {@code text} into the panel and presses Enter, in a Swing event outside any turn. */
  private static void type(ChatPanel panel, String text) {
    EventQueue.invokeLater(
        () -> {
          panel.input().setText(text);
          panel.input().postActionEvent();
        });
  }

  private record Client(ChatModel model, ChatPanel panel) {}

  @Test
  void theClientShowsWhatTheServerSaysUpdatingItsListOnTheEdt(ReactorTester t) throws Exception {
    ChatRoom room = new ChatRoom();
    ListeningPort port =
        t.await(
            Endpoints.serverFromString(t.reactor(), "tcp:0:interface=127.0.0.1")
                .listen(ChatServer.factory(room, t.reactor())));
    String endpoint = "tcp:127.0.0.1:" + ((InetSocketAddress) port.address()).getPort();

    Reactor swing = SwingReactors.create();
    CompletableFuture<Void> swingEnded = new CompletableFuture<>();
    Thread.ofPlatform()
        .name("swing-chat-loop")
        .start(
            () -> {
              swing.run();
              swingEnded.complete(null);
            });

    List<Boolean> listUpdatesOnEdt = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Client> alice = new CompletableFuture<>();
    ChatModel bob = new ChatModel(); // used on the EDT only, from here on
    CompletableFuture<Void> aliceWelcomed = new CompletableFuture<>();
    CompletableFuture<Void> aliceJoined = new CompletableFuture<>();
    CompletableFuture<Void> aliceSeesBobJoin = new CompletableFuture<>();
    CompletableFuture<Void> aliceHearsBob = new CompletableFuture<>();
    CompletableFuture<Void> bobWelcomed = new CompletableFuture<>();
    CompletableFuture<Void> bobHearsAlice = new CompletableFuture<>();
    CompletableFuture<Void> aliceSeesBobLeave = new CompletableFuture<>();
    CompletableFuture<String> aliceLost = new CompletableFuture<>();
    CompletableFuture<String> bobLost = new CompletableFuture<>();
    CompletableFuture<Void> setUp = new CompletableFuture<>();
    swing.callFromThread(
        () -> {
          ChatModel model = new ChatModel();
          model
              .lines()
              .addListDataListener(
                  new ListDataListener() {
                    @Override
                    public void intervalAdded(ListDataEvent e) {
                      listUpdatesOnEdt.add(
                          EventQueue.isDispatchThread() && swing.isReactorThread());
                    }

                    @Override
                    public void intervalRemoved(ListDataEvent e) {}

                    @Override
                    public void contentsChanged(ListDataEvent e) {}
                  });
          ChatPanel panel = new ChatPanel(model, swing);
          whenShown(model, "* Welcome to Braid chat! What is your name?", aliceWelcomed);
          whenShown(model, "* Hello alice! You are the first one here.", aliceJoined);
          whenShown(model, "* bob joined", aliceSeesBobJoin);
          whenShown(model, "<bob> hi alice", aliceHearsBob);
          whenShown(bob, "* Welcome to Braid chat! What is your name?", bobWelcomed);
          whenShown(bob, "<alice> hi bob", bobHearsAlice);
          whenShown(model, "* bob left", aliceSeesBobLeave);
          whenDisconnected(model, aliceLost);
          whenDisconnected(bob, bobLost);
          alice.complete(new Client(model, panel));
          SwingChatClient.connect(swing, endpoint, model);
          setUp.complete(null);
        });
    setUp.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ChatModel aliceModel = alice.get().model();
    ChatPanel panel = alice.get().panel();

    await(t, aliceWelcomed);
    type(panel, "alice");
    await(t, aliceJoined);
    swing.callFromThread(() -> SwingChatClient.connect(swing, endpoint, bob));
    await(t, bobWelcomed);
    swing.callFromThread(() -> bob.send("bob"));
    await(t, aliceSeesBobJoin);
    type(panel, "hi bob");
    await(t, bobHearsAlice);
    swing.callFromThread(() -> bob.send("hi alice"));
    await(t, aliceHearsBob);

    // The server closes each connection on /quit, so its side is closed when a client hears it.
    swing.callFromThread(() -> bob.send("/quit"));
    assertThat(await(t, bobLost)).startsWith("Disconnected");
    await(t, aliceSeesBobLeave);
    type(panel, "/quit");
    assertThat(await(t, aliceLost)).startsWith("Disconnected");

    CompletableFuture<List<String>> shown = new CompletableFuture<>();
    swing.callFromThread(
        () -> {
          shown.complete(aliceModel.lineList());
          assertThat(panel.input().isEnabled()).isFalse();
          swing.stop();
        });
    assertThat(shown.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .containsExactly(
            "* Welcome to Braid chat! What is your name?",
            "> alice",
            "* Hello alice! You are the first one here.",
            "* bob joined",
            "> hi bob",
            "<bob> hi alice",
            "* bob left",
            "> /quit",
            "* Bye!");
    assertThat(listUpdatesOnEdt).hasSize(9).containsOnly(true);
    swingEnded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    t.await(port.stopListening());
    assertThat(room.names()).isEmpty();
  }
}
