package dev.braid.examples.chat;

import dev.braid.bytes.ByteString;
import dev.braid.examples.chat.ChatRoom.JoinResult;
import dev.braid.net.Transport;
import dev.braid.protocols.LineReceiver;
import dev.braid.time.DelayedCall;
import dev.braid.time.ReactorTime;
import java.time.Duration;
import java.util.List;

/**
 * One user's connection to the chat server. The conversation, line by line (a line ends with LF; a
 * CR before it is dropped, so both {@code nc} and {@code telnet} work):
 *
 * <ol>
 *   <li>the server greets the user and asks for a name;
 *   <li>the user's first line is the name they want; the server answers {@code ! reason} when it is
 *       taken or not a valid name, and the user tries again;
 *   <li>every later line is a message, sent to everyone else as {@code <name> text}.
 * </ol>
 *
 * Lines starting with {@code /} are commands: {@code /who} lists who is here, {@code /quit} says
 * goodbye and closes. Notices from the server start with {@code *}, errors with {@code !}. A line
 * longer than {@value #MAX_LINE_LENGTH} bytes, or {@link #IDLE_TIMEOUT} without a line, gets an
 * error line and closes the connection.
 *
 * <p><b>Threads.</b> The reactor thread calls every method, as for every protocol.
 */
public final class ChatProtocol extends LineReceiver implements ChatRoom.Member {
  /** The longest line accepted, in bytes, line ending not counted. */
  public static final int MAX_LINE_LENGTH = 512;

  /** How long a connection may stay silent before it is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

  private static final ByteString LF = ByteString.ascii("\n");

  private final ChatRoom room;
  private final ReactorTime time;
  private DelayedCall idleTimer;
  private String name; // null until the user has picked a name

  /** A protocol for one connection to {@code room}, timing out idle users on {@code time}. */
  public ChatProtocol(ChatRoom room, ReactorTime time) {
    super(LF, MAX_LINE_LENGTH);
    this.room = room;
    this.time = time;
  }

  /** Starts the idle timer and asks for a name. */
  @Override
  public void connectionMade(Transport transport) {
    super.connectionMade(transport);
    idleTimer = time.callLater(IDLE_TIMEOUT, this::idleTimedOut);
    sendLine("* Welcome to Braid chat! What is your name?");
  }

  /** Handles one line: a command, the name wanted, or a message. */
  @Override
  protected void lineReceived(ByteString bytes) {
    idleTimer.reset(IDLE_TIMEOUT);
    String line = withoutCr(bytes.utf8());
    if (line.startsWith("/")) {
      command(line);
    } else if (name == null) {
      pickName(line.strip());
    } else if (!line.isBlank()) {
      room.say(name, line);
    }
  }

  private void pickName(String wanted) {
    switch (room.join(wanted, this)) {
      case JoinResult.Joined(var others) -> {
        name = wanted;
        sendLine("* Hello " + wanted + "! " + whoElse(others));
      }
      case JoinResult.Rejected(var reason) -> sendLine("! " + reason);
    }
  }

  private void command(String line) {
    switch (line) {
      case "/who" -> sendLine("* Here: " + String.join(", ", room.names()));
      case "/quit" -> {
        sendLine("* Bye!");
        transport().loseConnection();
      }
      default -> sendLine("! unknown command " + line + "; try /who or /quit");
    }
  }

  /** Says why, and closes: a line this long is not chat. */
  @Override
  protected void lineLengthExceeded(ByteString lineStart) {
    sendLine("! line longer than " + MAX_LINE_LENGTH + " bytes; closing");
    transport().loseConnection();
  }

  private void idleTimedOut() {
    sendLine("! silent for " + IDLE_TIMEOUT.toMinutes() + " minutes; closing");
    transport().loseConnection();
  }

  /** Cancels the idle timer and leaves the room. */
  @Override
  public void connectionLost(Throwable reason) {
    if (idleTimer != null && idleTimer.active()) {
      idleTimer.cancel();
    }
    if (name != null) {
      room.leave(name);
    }
  }

  private static String whoElse(List<String> others) {
    return others.isEmpty() ? "You are the first one here." : "Here: " + String.join(", ", others);
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }
}
