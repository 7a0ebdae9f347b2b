package dev.braid.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.Loopback;
import dev.braid.testing.LoopbackPump;
import dev.braid.testing.ProtocolFeeder;
import org.junit.jupiter.api.Test;

/** Two clients talking to the server in memory, each over its own {@link LoopbackPump}. */
@BraidTest
class ChatLoopbackTest {
  private final ChatRoom room = new ChatRoom();
  private final FakeClock clock = new FakeClock();
  private final ChatClient alice = new ChatClient();
  private final ChatClient bob = new ChatClient();
  private final LoopbackPump alicePump = Loopback.connect(new ChatProtocol(room, clock), alice);
  private final LoopbackPump bobPump = Loopback.connect(new ChatProtocol(room, clock), bob);

  /** Moves every byte both ways on both connections. */
  private void flush() {
    while (alicePump.flush() | bobPump.flush()) {
      // a connection's server side may have written to the other connection: go round again
    }
  }

  @Test
  void twoClientsPickNamesAndChat() {
    flush();
    assertThat(alice.takeReceived()).containsExactly("* Welcome to Braid chat! What is your name?");
    assertThat(bob.takeReceived()).containsExactly("* Welcome to Braid chat! What is your name?");

    alice.sendLine("alice");
    flush();
    bob.sendLine("bob");
    flush();
    assertThat(alice.takeReceived())
        .containsExactly("* Hello alice! You are the first one here.", "* bob joined");
    assertThat(bob.takeReceived()).containsExactly("* Hello bob! Here: alice");

    alice.sendLine("hi bob");
    bob.sendLine("hi alice");
    flush();
    assertThat(alice.takeReceived()).containsExactly("<bob> hi alice");
    assertThat(bob.takeReceived()).containsExactly("<alice> hi bob");
  }

  @Test
  void aMessageArrivesWholeHoweverTheClientsBytesAreSplit() {
    ProtocolFeeder.standard()
        .forEachSplit(
            "alice\r\nhi bob\r\n",
            split -> {
              ChatRoom splitRoom = new ChatRoom();
              ChatClient sender = new ChatClient();
              ChatClient receiver = new ChatClient();
              LoopbackPump senderPump =
                  Loopback.connect(new ChatProtocol(splitRoom, clock), sender);
              LoopbackPump receiverPump =
                  Loopback.connect(new ChatProtocol(splitRoom, clock), receiver);
              receiver.sendLine("bob");
              receiverPump.flush();
              receiver.takeReceived();

              for (var chunk : split.chunks()) {
                sender.sendBytes(chunk);
                senderPump.flush();
                receiverPump.flush();
              }

              assertThat(receiver.takeReceived())
                  .containsExactly("* alice joined", "<alice> hi bob");
            });
  }

  @Test
  void quittingClosesOnlyThatConnectionAndTheOtherHearsItLeave() {
    alice.sendLine("alice");
    bob.sendLine("bob");
    flush();
    alice.takeReceived();
    bob.takeReceived();

    bob.sendLine("/quit");
    flush();

    assertThat(bob.takeReceived()).containsExactly("* Bye!");
    assertThat(bobPump.closed()).isTrue();
    assertThat(alicePump.closed()).isFalse();
    assertThat(alice.takeReceived()).containsExactly("* bob left");
    assertThat(room.names()).containsExactly("alice");
  }
}
