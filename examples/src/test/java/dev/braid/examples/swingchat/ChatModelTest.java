package dev.braid.examples.swingchat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.net.ConnectionDone;
import dev.braid.testing.BraidTest;
import dev.braid.testing.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chat client's model and protocol, in memory: no display, no reactor, no network. */
@BraidTest
class ChatModelTest {
  private final ChatModel model = new ChatModel();

  private StringTransport connect() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new ChatConnection(model));
    return transport;
  }

  @Test
  void receivedLinesAreShownInOrderWithoutLineEndingsAndToldToListeners() {
    List<String> told = new ArrayList<>();
    model.onLine(told::add);
    StringTransport transport = connect();

    transport.receive("* Welcome to Braid chat! What is your name?\r\n<bob> hi");
    transport.receive(" there\n");

    assertThat(model.lineList())
        .containsExactly("* Welcome to Braid chat! What is your name?", "<bob> hi there");
    assertThat(told).isEqualTo(model.lineList());
    assertThat(model.lines().getSize()).isEqualTo(2);
  }

  @Test
  void sendWritesOneLineAndShowsItAsOwnLine() {
    StringTransport transport = connect();

    assertThat(model.send("hello all")).isTrue();

    assertThat(transport.writtenUtf8()).isEqualTo("hello all\n");
    assertThat(model.lineList()).containsExactly("> hello all");
  }

  @Test
  void blankTextIsNotSent() {
    StringTransport transport = connect();

    assertThat(model.send("  ")).isFalse();

    assertThat(transport.writtenUtf8()).isEmpty();
    assertThat(model.lineList()).isEmpty();
  }

  @Test
  void nothingIsSentBeforeAConnectionIsUp() {
    assertThat(model.connected()).isFalse();
    assertThat(model.send("hello")).isFalse();
    assertThat(model.status()).isEqualTo("Not connected");
  }

  @Test
  void connectingAndLosingTheConnectionChangeTheStateAndTellListeners() {
    List<String> states = new ArrayList<>();
    model.onStateChange(() -> states.add(model.connected() + " " + model.status()));
    StringTransport transport = connect();

    transport.reportDisconnect(new ConnectionDone("Connection closed by the peer"));

    assertThat(states)
        .containsExactly(
            "true Connected to 127.0.0.1:54321",
            "false Disconnected: Connection closed by the peer");
    assertThat(model.send("anyone?")).isFalse();
  }
}
