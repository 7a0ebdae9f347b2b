package dev.braid.examples.swingchat;

import dev.braid.defer.Deferred;
import dev.braid.examples.chat.ChatServer;
import dev.braid.net.EndpointSyntaxException;
import dev.braid.net.endpoints.Endpoints;
import dev.braid.reactor.Reactor;
import dev.braid.swing.SwingReactors;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.JFrame;
import javax.swing.WindowConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A desktop client for the tutorial's chat server ({@link ChatServer}), on Braid's Swing reactor.
 * Start the server, then:
 *
 * <pre>{@code
 * java -cp examples/target/chat-server.jar dev.braid.examples.swingchat.SwingChatClient [ENDPOINT]
 * }</pre>
 *
 * The endpoint defaults to {@value #DEFAULT_ENDPOINT}. The first line you send is your name.
 * Closing the window stops the reactor and ends the program.
 */
public final class SwingChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(SwingChatClient.class);

  /** Where {@link #main} connects when given no endpoint: the chat server's default address. */
  public static final String DEFAULT_ENDPOINT = "tcp:127.0.0.1:8000";

  private SwingChatClient() {}

  /**
   * Connects to the chat server at {@code endpoint} and feeds what it says into {@code model}. The
   * Deferred fires (with nothing) once the attempt is over: {@link ChatModel#connected()} tells
   * whether it worked, and a failure is shown in the model's status line and logged. Call on the
   * reactor thread (for a Swing reactor, in a reactor turn on the event dispatch thread). Throws
   * {@link EndpointSyntaxException} for a malformed endpoint.
   */
  public static Deferred<Void> connect(Reactor reactor, String endpoint, ChatModel model) {
    model.setStatus("Connecting to " + endpoint + "...");
    return Endpoints.clientFromString(reactor, endpoint)
        .connectProtocol(new ChatConnection(model))
        .<Void>addCallbacks(
            connection -> null,
            error -> {
              LOG.warn("cannot connect to {}: {}", endpoint, error.getMessage());
              model.setStatus("Cannot connect to " + endpoint + ": " + error.getMessage());
              return null;
            });
  }

  /**
   * Opens a chat window connected to {@code model}, titled {@code title}; closing it stops {@code
   * reactor}. Call on the event dispatch thread.
   */
  public static JFrame openWindow(Reactor reactor, ChatModel model, String title) {
    JFrame frame = new JFrame(title);
    frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
    frame.setContentPane(new ChatPanel(model, reactor));
    frame.addWindowListener(
        new WindowAdapter() {
          @Override
          public void windowClosed(WindowEvent e) {
            if (reactor.running()) {
              reactor.stop();
            }
          }
        });
    frame.pack();
    frame.setLocationByPlatform(true);
    frame.setVisible(true);
    return frame;
  }

  /**
   * Runs the client until its window is closed, connecting to the endpoint given as the one
   * argument, {@value #DEFAULT_ENDPOINT} by default. Exits with status 2 for a malformed endpoint.
   */
  public static void main(String[] args) {
    String endpoint = args.length > 0 ? args[0] : DEFAULT_ENDPOINT;
    Reactor reactor = SwingReactors.create();
    try {
      Endpoints.clientFromString(reactor, endpoint);
    } catch (EndpointSyntaxException e) {
      LOG.error("{}", e.getMessage());
      System.exit(2);
      return;
    }
    reactor.callWhenRunning(
        () -> {
          ChatModel model = new ChatModel();
          openWindow(reactor, model, "Braid chat");
          connect(reactor, endpoint, model);
        });
    reactor.run();
  }
}
