package dev.braid.examples.swingchat;

import dev.braid.reactor.Reactor;
import dev.braid.swing.SwingReactors;
import java.awt.Container;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.swing.JFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the screenshot in {@code docs/images/swing-chat.png} ({@code examples/swing-screenshot.sh}
 * runs it under Xvfb): opens the chat window as alice, lets a second, window-less client join as
 * bob, exchanges two messages through the running chat server, paints the window's content to a
 * PNG, and exits. Each step is started by the line that the previous one made the server send, so
 * the picture does not depend on timing.
 *
 * <pre>{@code
 * java -cp examples/target/chat-server.jar dev.braid.examples.swingchat.ChatScreenshot \
 *     tcp:127.0.0.1:8000 docs/images/swing-chat.png
 * }</pre>
 */
public final class ChatScreenshot {
  private static final Logger LOG = LoggerFactory.getLogger(ChatScreenshot.class);

  static final String ALICE_SAYS = "Hi bob! This window runs on Braid's Swing reactor.";
  static final String BOB_SAYS = "Hello alice, your list was updated from lineReceived.";

  private ChatScreenshot() {}

  /** Arguments: the chat server's endpoint and the PNG file to write. Exits 1 on failure. */
  public static void main(String[] args) {
    if (args.length != 2) {
      LOG.error("usage: ChatScreenshot ENDPOINT OUTPUT.png");
      System.exit(2);
    }
    String endpoint = args[0];
    Path output = Path.of(args[1]);
    Reactor reactor = SwingReactors.create();
    boolean[] written = {false};
    reactor.callWhenRunning(
        () -> {
          ChatModel alice = new ChatModel();
          JFrame frame = SwingChatClient.openWindow(reactor, alice, "Braid chat");
          ChatPanel panel = (ChatPanel) frame.getContentPane();
          ChatModel bob = new ChatModel();
          alice.onLine(
              line -> {
                if (line.startsWith("* Welcome")) {
                  type(panel, "alice");
                } else if (line.startsWith("* Hello alice")) {
                  SwingChatClient.connect(reactor, endpoint, bob);
                } else if (line.equals("* bob joined")) {
                  type(panel, ALICE_SAYS);
                } else if (line.equals("<bob> " + BOB_SAYS)) {
                  // Let the list lay itself out and scroll before painting.
                  reactor.callFromThread(
                      () -> {
                        paint(frame, output);
                        written[0] = true;
                        frame.dispose(); // stops the reactor
                      });
                }
              });
          bob.onLine(
              line -> {
                if (line.startsWith("* Welcome")) {
                  bob.send("bob");
                } else if (line.equals("<alice> " + ALICE_SAYS)) {
                  bob.send(BOB_SAYS);
                }
              });
          SwingChatClient.connect(reactor, endpoint, alice)
              .addCallback(
                  ignored -> {
                    if (!alice.connected()) {
                      frame.dispose();
                    }
                    return null;
                  });
        });
    reactor.run();
    if (!written[0]) {
      System.exit(1);
    }
    LOG.info("wrote {}", output);
    System.exit(0);
  }

  /** Types {@code text} into the panel's field and presses Enter, as a user would. */
  private static void type(ChatPanel panel, String text) {
    panel.input().setText(text);
    panel.input().postActionEvent();
  }

  /** Paints the frame's content (the window without the title bar) to a PNG file. */
  private static void paint(JFrame frame, Path output) {
    Container content = frame.getContentPane();
    content.validate();
    BufferedImage image =
        new BufferedImage(content.getWidth(), content.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      content.printAll(g);
    } finally {
      g.dispose();
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      ImageIO.write(image, "png", output.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
  }
}
