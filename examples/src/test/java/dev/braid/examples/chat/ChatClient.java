package dev.braid.examples.chat;

import dev.braid.bytes.ByteString;
import dev.braid.defer.Deferred;
import dev.braid.defer.DeferredQueue;
import dev.braid.protocols.LineOnlyReceiver;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat user for tests: records the lines the server sends, and hands them out as Deferreds for
 * tests on a real reactor.
 */
final class ChatClient extends LineOnlyReceiver {
  private final List<String> received = new ArrayList<>();
  private final DeferredQueue<String> incoming = new DeferredQueue<>();
  private final Deferred<Throwable> lost = new Deferred<>();

  ChatClient() {
    super(ByteString.ascii("\n"), 4096);
  }

  @Override
  protected void lineReceived(ByteString line) {
    received.add(line.utf8());
    incoming.put(line.utf8());
  }

  @Override
  public void connectionLost(Throwable reason) {
    lost.callback(reason);
  }

  /** Writes {@code bytes} as they are (no line ending added). */
  void sendBytes(ByteString bytes) {
    transport().write(bytes);
  }

  /** The lines received since the last call, in order. */
  List<String> takeReceived() {
    List<String> lines = List.copyOf(received);
    received.clear();
    return lines;
  }

  /** The next line received (each line is handed out once, in order). */
  Deferred<String> nextLine() {
    return incoming.get();
  }

  /** Fires with the reason once the connection is closed. */
  Deferred<Throwable> lost() {
    return lost;
  }
}
