package dev.braid.examples.client;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.defer.DeferredQueue;
import dev.braid.protocols.LineReceiver;
import java.util.ArrayList;
import java.util.List;

/**
 * The client side of the chat's line protocol, made for code that asks for the next reply instead
 * of being called with each line: the server's replies go into a queue, and {@link #nextReply()}
 * hands them out in order as Deferreds. Room traffic (messages {@code <name> text}, and {@code *
 * name joined} / {@code left}) can arrive between a request and its reply; it is kept apart, in
 * {@link #roomTraffic()}. Lines end with LF (a CR before it is dropped); {@link #sendLine} sends
 * one.
 *
 * <p><b>Threads.</b> Reactor thread only (which includes a coroutine body), like every protocol.
 */
public final class ChatLineClient extends LineReceiver {
  /** The longest line accepted, in bytes. */
  public static final int MAX_LINE_LENGTH = 4096;

  private final DeferredQueue<String> lines = new DeferredQueue<>();
  private final Deferred<Throwable> lost = new Deferred<>();
  private final List<String> traffic = new ArrayList<>();

  /** A client not yet connected; give it to {@code ClientEndpoint.connectProtocol}. */
  public ChatLineClient() {
    super(ByteString.ascii("\n"), MAX_LINE_LENGTH);
  }

  @Override
  protected void lineReceived(ByteString bytes) {
    String text = bytes.utf8();
    String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    if (isRoomTraffic(line)) {
      traffic.add(line);
    } else {
      lines.put(line);
    }
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }

  private static boolean isRoomTraffic(String line) {
    return line.startsWith("<")
        || (line.startsWith("* ") && (line.endsWith(" joined") || line.endsWith(" left")));
  }

  /** The next reply received and not yet handed out (fires at once if one is waiting). */
  public Deferred<String> nextReply() {
    return lines.get();
  }

  /** Fires with the reason once the connection is closed ({@code ConnectionDone} when cleanly). */
  public Deferred<Throwable> lost() {
    return lost;
  }

  /** The room traffic received so far, in order. */
  public List<String> roomTraffic() {
    return List.copyOf(traffic);
  }

  /** The names in a {@code * Here: a, b} line, or an IllegalStateException naming the line. */
  static List<String> namesIn(String hereLine) {
    String prefix = "* Here: ";
    if (!hereLine.startsWith(prefix)) {
      throw new IllegalStateException("expected \"" + prefix + "...\", got: " + hereLine);
    }
    return List.of(hereLine.substring(prefix.length()).split(", "));
  }
}
