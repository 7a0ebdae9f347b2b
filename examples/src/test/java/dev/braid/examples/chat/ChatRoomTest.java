package dev.braid.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.examples.chat.ChatRoom.JoinResult;
import dev.braid.testing.BraidTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room alone: members are lambdas that record what they hear. */
@BraidTest
class ChatRoomTest {
  private final ChatRoom room = new ChatRoom();
  private final List<String> alice = new ArrayList<>();
  private final List<String> bob = new ArrayList<>();
  private final List<String> carol = new ArrayList<>();

  @Test
  void joiningTellsTheOthersAndAnswersWhoWasThere() {
    assertThat(room.join("alice", alice::add)).isEqualTo(new JoinResult.Joined(List.of()));
    assertThat(room.join("bob", bob::add)).isEqualTo(new JoinResult.Joined(List.of("alice")));
    assertThat(room.join("carol", carol::add))
        .isEqualTo(new JoinResult.Joined(List.of("alice", "bob")));

    assertThat(alice).containsExactly("* bob joined", "* carol joined");
    assertThat(bob).containsExactly("* carol joined");
    assertThat(carol).isEmpty();
    assertThat(room.names()).containsExactly("alice", "bob", "carol");
  }

  @Test
  void aNameInUseIsRejectedIgnoringCase() {
    room.join("alice", alice::add);

    assertThat(room.join("ALICE", bob::add))
        .isEqualTo(new JoinResult.Rejected("the name ALICE is taken; try another"));
    assertThat(room.names()).containsExactly("alice");
    assertThat(alice).isEmpty();
  }

  @Test
  void namesThatAreEmptyTooLongOrHoldOtherCharactersAreRejected() {
    for (String bad : List.of("", "two words", "<bob>", "/who", "a".repeat(21))) {
      assertThat(room.join(bad, bob::add)).as(bad).isInstanceOf(JoinResult.Rejected.class);
    }
    assertThat(room.join("a".repeat(20), bob::add)).isInstanceOf(JoinResult.Joined.class);
    assertThat(room.join("Zoë_2-x", carol::add)).isInstanceOf(JoinResult.Joined.class);
  }

  @Test
  void sayReachesEveryoneButTheSpeaker() {
    room.join("alice", alice::add);
    room.join("bob", bob::add);
    room.join("carol", carol::add);
    alice.clear();
    bob.clear();

    room.say("bob", "hi all");

    assertThat(alice).containsExactly("<bob> hi all");
    assertThat(carol).containsExactly("<bob> hi all");
    assertThat(bob).isEmpty();
  }

  @Test
  void leavingTellsThoseLeftAndFreesTheName() {
    room.join("alice", alice::add);
    room.join("bob", bob::add);
    alice.clear();

    room.leave("bob");

    assertThat(alice).containsExactly("* bob left");
    assertThat(room.names()).containsExactly("alice");
    assertThat(room.join("Bob", carol::add)).isInstanceOf(JoinResult.Joined.class);
  }

  @Test
  void announceReachesEveryone() {
    room.join("alice", alice::add);
    room.join("bob", bob::add);
    alice.clear();

    room.announce("* closing time");

    assertThat(alice).containsExactly("* closing time");
    assertThat(bob).containsExactly("* closing time");
  }
}
