package dev.braid.examples.swingchat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.swing.DefaultListModel;
import javax.swing.ListModel;

/**
 * What the chat window shows, without the widgets: the lines of the conversation (a Swing {@link
 * ListModel}, so a {@code JList} can show it directly), a status line, and whether a connection is
 * up to send on. A {@link ChatConnection} feeds it; {@link ChatPanel} draws it. It holds no
 * component, so tests use it without a display.
 *
 * <p><b>Threads.</b> Only the thread that owns the Swing reactor may call it: the event dispatch
 * thread, during a reactor turn (a protocol callback, or a task queued with {@code
 * callFromThread}). A plain test may call it from its own thread as long as only that thread does.
 */
public final class ChatModel {
  private final DefaultListModel<String> lines = new DefaultListModel<>();
  private final List<Consumer<String>> lineListeners = new ArrayList<>();
  private final List<Runnable> stateListeners = new ArrayList<>();
  private Optional<ChatConnection> connection = Optional.empty();
  private String status = "Not connected";

  /** An empty conversation, not connected. */
  public ChatModel() {}

  /** The lines so far, oldest first: received lines as they came, own lines as {@code "> text"}. */
  public ListModel<String> lines() {
    return lines;
  }

  /** A copy of the lines so far, oldest first. */
  public List<String> lineList() {
    List<String> copy = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      copy.add(lines.get(i));
    }
    return copy;
  }

  /** Adds {@code line} to the conversation and tells the line listeners. */
  public void show(String line) {
    lines.addElement(line);
    for (Consumer<String> listener : List.copyOf(lineListeners)) {
      listener.accept(line);
    }
  }

  /** Calls {@code listener} with each line added from now on, after it is in {@link #lines()}. */
  public void onLine(Consumer<String> listener) {
    lineListeners.add(listener);
  }

  /** Calls {@code listener} when {@link #connected()} or {@link #status()} changes. */
  public void onStateChange(Runnable listener) {
    stateListeners.add(listener);
  }

  /** One line saying where the connection stands, for the window's status bar. */
  public String status() {
    return status;
  }

  /** True while a connection is up to send on. */
  public boolean connected() {
    return connection.isPresent();
  }

  /**
   * Sends {@code text} as one line and shows it as {@code "> text"}. Returns false, and does
   * nothing, when not connected or when {@code text} is blank.
   */
  public boolean send(String text) {
    if (connection.isEmpty() || text.isBlank()) {
      return false;
    }
    connection.get().sendLine(text);
    lines.addElement("> " + text);
    return true;
  }

  /** Sets the status line (for example when a connection attempt fails). */
  public void setStatus(String status) {
    this.status = status;
    stateChanged();
  }

  void attach(ChatConnection connection, String peer) {
    this.connection = Optional.of(connection);
    this.status = "Connected to " + peer;
    stateChanged();
  }

  void detach(Throwable reason) {
    connection = Optional.empty();
    status = "Disconnected: " + reason.getMessage();
    stateChanged();
  }

  private void stateChanged() {
    for (Runnable listener : List.copyOf(stateListeners)) {
      listener.run();
    }
  }
}
