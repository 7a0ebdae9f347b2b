package dev.braid.examples.swingchat;

import dev.braid.reactor.Reactor;
import java.awt.BorderLayout;
import java.awt.Dimension;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTextField;
import javax.swing.event.ListDataEvent;
import javax.swing.event.ListDataListener;

/**
 * The chat window's content: a status line, the list of messages, an input field and a send button.
 * Enter in the field and the button both send the field's text.
 *
 * <p>The widgets only show a {@link ChatModel}; the model is fed by the network. Sending goes
 * through {@link Reactor#callFromThread}: a Swing listener runs between reactor turns, when the
 * event dispatch thread does not own the reactor, and the queued task runs on the same thread in
 * the next turn, right after the listener returns.
 *
 * <p><b>Threads.</b> Create and use it on the event dispatch thread, like every Swing component.
 */
public final class ChatPanel extends JPanel {
  private final ChatModel model;
  private final Reactor reactor;
  private final JLabel status = new JLabel();
  private final JList<String> list;
  private final JTextField input = new JTextField(30);
  private final JButton send = new JButton("Send");

  /** A panel showing {@code model}, sending through {@code reactor} (a Swing reactor). */
  public ChatPanel(ChatModel model, Reactor reactor) {
    super(new BorderLayout(0, 6));
    this.model = model;
    this.reactor = reactor;
    this.list = new JList<>(model.lines());
    setBorder(BorderFactory.createEmptyBorder(8, 8, 8, 8));

    list.setVisibleRowCount(12);
    JScrollPane scroll = new JScrollPane(list);
    scroll.setPreferredSize(new Dimension(520, 240));
    model
        .lines()
        .addListDataListener(
            new ListDataListener() {
              @Override
              public void intervalAdded(ListDataEvent e) {
                list.ensureIndexIsVisible(e.getIndex1());
              }

              @Override
              public void intervalRemoved(ListDataEvent e) {}

              @Override
              public void contentsChanged(ListDataEvent e) {}
            });

    JPanel bottom = new JPanel(new BorderLayout(6, 0));
    bottom.add(input, BorderLayout.CENTER);
    bottom.add(send, BorderLayout.EAST);

    add(status, BorderLayout.NORTH);
    add(scroll, BorderLayout.CENTER);
    add(bottom, BorderLayout.SOUTH);

    input.addActionListener(e -> sendInput());
    send.addActionListener(e -> sendInput());
    model.onStateChange(this::showState);
    showState();
  }

  /** The input field (for tests and the screenshot tool, which type into it). */
  public JTextField input() {
    return input;
  }

  /** The send button. */
  public JButton sendButton() {
    return send;
  }

  /** The list of messages. */
  public JList<String> messageList() {
    return list;
  }

  /** The status line. */
  public JLabel statusLabel() {
    return status;
  }

  private void sendInput() {
    String text = input.getText();
    if (text.isBlank()) {
      return;
    }
    input.setText("");
    reactor.callFromThread(() -> model.send(text));
  }

  private void showState() {
    status.setText(model.status());
    input.setEnabled(model.connected());
    send.setEnabled(model.connected());
  }
}
