package dev.braid.examples.swingchat;

import dev.braid.bytes.ByteString;
import dev.braid.net.Transport;
import dev.braid.protocols.LineOnlyReceiver;
import java.net.InetSocketAddress;

/**
 * The client side of one connection to the chat server: each line received goes straight into a
 * {@link ChatModel}, and so into the window's list. On Braid's Swing reactor {@link #lineReceived}
 * runs on the event dispatch thread, so it needs no {@code invokeLater}.
 *
 * <p><b>Threads.</b> The reactor thread calls every method (for a Swing reactor, the event dispatch
 * thread during a reactor turn).
 */
public final class ChatConnection extends LineOnlyReceiver {
  /** The longest line accepted from the server, in bytes. */
  public static final int MAX_LINE_LENGTH = 4096;

  private final ChatModel model;

  /** A connection that shows what it receives in {@code model}. */
  public ChatConnection(ChatModel model) {
    super(ByteString.ascii("\n"), MAX_LINE_LENGTH);
    this.model = model;
  }

  /** Tells the model a connection is up to send on. */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    model.attach(
        this,
        transport.peerAddress() instanceof InetSocketAddress peer
            ? peer.getHostString() + ":" + peer.getPort()
            : String.valueOf(transport.peerAddress()));
  }

  /** Shows the line (a CR before the LF is dropped). */
  @Override
  protected void lineReceived(ByteString line) {
    String text = line.utf8();
    model.show(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }

  /** Tells the model the connection is gone, and why. */
  @Override
  public void connectionLost(Throwable reason) {
    model.detach(reason);
  }
}
