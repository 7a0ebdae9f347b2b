package dev.braid.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.testing.BraidTest;
import dev.braid.testing.FakeClock;
import dev.braid.testing.ProtocolFeeder;
import dev.braid.testing.StringTransport;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** One connection at a time, on a {@link StringTransport}; time is a {@link FakeClock}. */
@BraidTest
class ChatProtocolTest {
  private static final String WELCOME = "* Welcome to Braid chat! What is your name?\n";

  private final ChatRoom room = new ChatRoom();
  private final FakeClock clock = new FakeClock();

  /** A user connected to {@link #room}, with the welcome line already read. */
  private StringTransport connect() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new ChatProtocol(room, clock));
    assertThat(transport.writtenUtf8()).isEqualTo(WELCOME);
    transport.clear();
    return transport;
  }

  /** A user in {@link #room} as {@code name}, with everything written so far read. */
  private StringTransport join(String name) {
    StringTransport transport = connect();
    transport.receive(name + "\n");
    assertThat(transport.writtenUtf8()).startsWith("* Hello " + name + "!");
    transport.clear();
    return transport;
  }

  @Test
  void aNewConnectionIsGreetedAndAskedForAName() {
    StringTransport transport = new StringTransport();
    transport.makeConnection(new ChatProtocol(room, clock));

    assertThat(transport.writtenUtf8()).isEqualTo(WELCOME);
    assertThat(room.names()).isEmpty();
  }

  @Test
  void theFirstLineIsTheNameHoweverTheInputIsSplit() {
    ProtocolFeeder.standard()
        .feedAllWays(
            () -> new ChatProtocol(new ChatRoom(), new FakeClock()),
            "alice\r\n",
            (protocol, transport) ->
                assertThat(transport.writtenUtf8())
                    .isEqualTo(WELCOME + "* Hello alice! You are the first one here.\n"));
  }

  @Test
  void aTakenNameGetsAnErrorLineAndTheUserTriesAgain() {
    StringTransport alice = join("alice");
    StringTransport second = connect();

    second.receive("Alice\n");
    assertThat(second.writtenUtf8()).isEqualTo("! the name Alice is taken; try another\n");
    assertThat(second.disconnecting()).isFalse();

    second.receive("bob\n");
    assertThat(second.writtenUtf8()).endsWith("* Hello bob! Here: alice\n");
    assertThat(alice.writtenUtf8()).isEqualTo("* bob joined\n");
    assertThat(room.names()).containsExactly("alice", "bob");
  }

  @Test
  void anInvalidNameGetsAnErrorLine() {
    StringTransport transport = connect();

    transport.receive("alice smith\n");

    assertThat(transport.writtenUtf8())
        .isEqualTo("! a name is 1 to 20 letters, digits, _ or -; try another\n");
    assertThat(room.names()).isEmpty();
  }

  @Test
  void messagesGoToEveryoneElseHoweverTheInputIsSplit() {
    ProtocolFeeder.standard()
        .forEachSplit(
            "alice\r\nhello\r\n\r\nhow are you?\n",
            split -> {
              ChatRoom splitRoom = new ChatRoom();
              StringTransport bob = new StringTransport();
              bob.makeConnection(new ChatProtocol(splitRoom, clock));
              bob.receive("bob\n");
              bob.clear();
              StringTransport alice = new StringTransport();
              alice.makeConnection(new ChatProtocol(splitRoom, clock));

              split.chunks().forEach(alice::receive);

              assertThat(bob.writtenUtf8())
                  .isEqualTo("* alice joined\n<alice> hello\n<alice> how are you?\n");
              assertThat(alice.writtenUtf8()).doesNotContain("<alice>");
            });
  }

  @Test
  void aLineOverTheLimitGetsAnErrorLineAndClosesTheConnection() {
    String tooLong = "x".repeat(ChatProtocol.MAX_LINE_LENGTH + 1);
    ProtocolFeeder.standard()
        .forEachSplit(
            "alice\n" + tooLong + "\nstill here?\n",
            split -> {
              ChatRoom splitRoom = new ChatRoom();
              StringTransport bob = new StringTransport();
              bob.makeConnection(new ChatProtocol(splitRoom, clock));
              bob.receive("bob\n");
              bob.clear();
              StringTransport alice = new StringTransport();
              alice.makeConnection(new ChatProtocol(splitRoom, clock));

              split.chunks().forEach(alice::receive);

              assertThat(alice.writtenUtf8()).endsWith("! line longer than 512 bytes; closing\n");
              assertThat(alice.disconnecting()).isTrue();
              assertThat(bob.writtenUtf8()).isEqualTo("* alice joined\n");
            });
  }

  @Test
  void aLineOfExactlyTheLimitIsAMessage() {
    StringTransport alice = join("alice");
    StringTransport bob = join("bob");
    String longest = "y".repeat(ChatProtocol.MAX_LINE_LENGTH);

    alice.receive(longest + "\n");

    assertThat(bob.writtenUtf8()).isEqualTo("<alice> " + longest + "\n");
    assertThat(alice.disconnecting()).isFalse();
  }

  @Test
  void whoListsEveryoneInJoinOrder() {
    join("alice");
    StringTransport bob = join("bob");

    bob.receive("/who\n");

    assertThat(bob.writtenUtf8()).isEqualTo("* Here: alice, bob\n");
  }

  @Test
  void quitSaysByeClosesAndTheOthersHearTheUserLeave() {
    StringTransport alice = join("alice");
    StringTransport bob = join("bob");
    alice.clear();

    bob.receive("/quit\nignored after quit\n");
    assertThat(bob.writtenUtf8()).isEqualTo("* Bye!\n");
    assertThat(bob.disconnecting()).isTrue();
    bob.reportDisconnect();

    assertThat(alice.writtenUtf8()).isEqualTo("* bob left\n");
    assertThat(room.names()).containsExactly("alice");
  }

  @Test
  void anUnknownCommandGetsAnErrorLine() {
    StringTransport alice = join("alice");

    alice.receive("/dance\n");

    assertThat(alice.writtenUtf8()).isEqualTo("! unknown command /dance; try /who or /quit\n");
  }

  @Test
  void aSilentConnectionIsClosedAfterTheIdleTimeout() {
    StringTransport transport = connect();

    clock.advance(ChatProtocol.IDLE_TIMEOUT.minusSeconds(1));
    assertThat(transport.disconnecting()).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(transport.writtenUtf8()).isEqualTo("! silent for 10 minutes; closing\n");
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void eachLineRestartsTheIdleTimer() {
    StringTransport transport = join("alice");

    clock.advance(Duration.ofMinutes(9));
    transport.receive("/who\n");
    clock.advance(Duration.ofMinutes(9));
    assertThat(transport.disconnecting()).isFalse();

    clock.advance(Duration.ofMinutes(1));
    assertThat(transport.disconnecting()).isTrue();
  }

  @Test
  void aLostConnectionLeavesTheRoomAndCancelsItsIdleTimer() {
    StringTransport alice = join("alice");
    StringTransport bob = join("bob");
    alice.clear();

    bob.reportDisconnect();

    assertThat(alice.writtenUtf8()).isEqualTo("* bob left\n");
    assertThat(room.names()).containsExactly("alice");
    assertThat(clock.pendingCalls()).hasSize(1); // alice's
  }

  @Test
  void aConnectionLostBeforePickingANameIsNotAnnounced() {
    StringTransport alice = join("alice");
    StringTransport anonymous = connect();

    anonymous.reportDisconnect();

    assertThat(alice.writtenUtf8()).isEmpty();
    assertThat(clock.pendingCalls()).hasSize(1);
  }
}
