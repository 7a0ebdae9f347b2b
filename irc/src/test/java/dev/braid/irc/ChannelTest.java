package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChannelTest {
  TestNet net;
  TestNet.Client alice;
  TestNet.Client bob;

  @BeforeEach
  void twoUsers() {
    net = new TestNet();
    alice = net.register("alice");
    bob = net.register("bob");
  }

  /** Alice makes #c (and is its operator), Bob joins; both lists taken. */
  private void bothInC() {
    alice.send("JOIN #c");
    bob.send("JOIN #c");
    alice.take();
    bob.take();
  }

  @Test
  void joinTalkPartBetweenTwoUsers() {
    alice.send("JOIN #c");
    assertThat(alice.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 JOIN #c",
            ":braid.irc 353 alice = #c @alice",
            ":braid.irc 366 alice #c :End of /NAMES list");
    bob.send("JOIN #C");
    assertThat(bob.take())
        .containsExactly(
            ":bob!bob@192.0.2.7 JOIN #c",
            ":braid.irc 353 bob = #c :@alice bob",
            ":braid.irc 366 bob #c :End of /NAMES list");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 JOIN #c");
    bob.send("PRIVMSG #c :hello alice");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 PRIVMSG #c :hello alice");
    assertThat(bob.take()).isEmpty();
    bob.send("PART #c gone");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 PART #c gone");
    assertThat(bob.take()).containsExactly(":bob!bob@192.0.2.7 PART #c gone");
    alice.send("PART #c", "PART #c");
    assertThat(alice.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 PART #c", ":braid.irc 403 alice #c :No such channel");
    assertThat(net.server.channelCount()).isZero();
  }

  @Test
  void joinTakesSeveralChannelsWithKeysAndZeroLeavesAll() {
    alice.send("JOIN #a,#b", "MODE #b +k sesame");
    alice.take();
    bob.send("JOIN #a,#b,bad x,nope");
    assertThat(bob.take())
        .contains(
            ":bob!bob@192.0.2.7 JOIN #a",
            ":braid.irc 475 bob #b :Cannot join channel (+k)",
            ":braid.irc 476 bob bad :Bad Channel Mask");
    bob.send("JOIN #b sesame");
    assertThat(bob.take()).contains(":bob!bob@192.0.2.7 JOIN #b");
    bob.send("JOIN 0");
    assertThat(bob.take())
        .containsExactly(":bob!bob@192.0.2.7 PART #a", ":bob!bob@192.0.2.7 PART #b");
  }

  @Test
  void topicIsSetByOperatorsWhenLockedAndShownOnJoin() {
    bothInC();
    bob.send("TOPIC #c :mine");
    assertThat(bob.take()).containsExactly(":braid.irc 482 bob #c :You're not channel operator");
    alice.send("TOPIC #c :Braid talk");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 TOPIC #c :Braid talk");
    bob.send("TOPIC #c");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 332 bob #c :Braid talk",
            ":braid.irc 333 bob #c alice!alice@192.0.2.7 " + TestNet.NOW.getEpochSecond());
    alice.send("MODE #c -t");
    bob.take();
    bob.send("TOPIC #c :" + "x".repeat(500));
    assertThat(alice.take().getLast()).endsWith(" " + "x".repeat(IrcConfig.DEFAULT_TOPIC_LENGTH));
    var carol = net.register("carol");
    carol.send("JOIN #c");
    assertThat(carol.take()).anyMatch(l -> l.startsWith(":braid.irc 332 carol #c xxx"));
  }

  @Test
  void operatorsGiveAndTakeOpsAndVoiceAndOthersGet482() {
    bothInC();
    bob.send("MODE #c +o bob");
    assertThat(bob.take()).containsExactly(":braid.irc 482 bob #c :You're not channel operator");
    alice.send("MODE #c +ov bob bob", "MODE #c +o nobody");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 MODE #c +ov bob bob");
    assertThat(alice.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 MODE #c +ov bob bob",
            ":braid.irc 401 alice nobody :No such nick/channel");
    bob.send("NAMES #c");
    assertThat(bob.take()).first().isEqualTo(":braid.irc 353 bob = #c :@alice @bob");
    bob.send("CAP REQ multi-prefix", "NAMES #c");
    assertThat(bob.take()).contains(":braid.irc 353 bob = #c :@alice @+bob");
  }

  @Test
  void kickNeedsOperatorAndRemovesTheTarget() {
    bothInC();
    bob.send("KICK #c alice");
    assertThat(bob.take()).containsExactly(":braid.irc 482 bob #c :You're not channel operator");
    alice.send("KICK #c bob behave", "KICK #c bob");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 KICK #c bob behave");
    assertThat(alice.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 KICK #c bob behave",
            ":braid.irc 441 alice bob #c :They aren't on that channel");
  }

  @Test
  void inviteOnlyChannelsNeedAnInvitationFromAnOperator() {
    alice.send("JOIN #c", "MODE #c +i");
    alice.take();
    bob.send("JOIN #c");
    assertThat(bob.take()).containsExactly(":braid.irc 473 bob #c :Cannot join channel (+i)");
    alice.send("INVITE bob #c");
    assertThat(alice.take()).containsExactly(":braid.irc 341 alice bob #c");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 INVITE bob #c");
    bob.send("JOIN #c");
    assertThat(bob.take()).first().isEqualTo(":bob!bob@192.0.2.7 JOIN #c");
    alice.take();
    alice.send("INVITE bob #c", "INVITE nobody #c");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 443 alice bob #c :is already on channel",
            ":braid.irc 401 alice nobody :No such nick/channel");
  }

  @Test
  void bansKeepOutAndSilenceAndTheListIsShown() {
    bothInC();
    alice.send("MODE #c +b bob");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 MODE #c +b bob!*@*");
    bob.send("PRIVMSG #c :hi");
    assertThat(bob.take())
        .containsExactly(":braid.irc 404 bob #c :Cannot send to channel (you are banned)");
    bob.send("PART #c", "JOIN #c");
    assertThat(bob.take()).contains(":braid.irc 474 bob #c :Cannot join channel (+b)");
    alice.take();
    alice.send("MODE #c b");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 367 alice #c bob!*@* alice!alice@192.0.2.7 " + TestNet.NOW.getEpochSecond(),
            ":braid.irc 368 alice #c :End of channel ban list");
  }

  @Test
  void moderatedAndNoExternalChannelsRefuseMessages() {
    bothInC();
    var carol = net.register("carol");
    carol.send("PRIVMSG #c :from outside");
    assertThat(carol.take())
        .containsExactly(":braid.irc 404 carol #c :Cannot send to channel (no external messages)");
    alice.send("MODE #c +m");
    bob.take();
    bob.send("PRIVMSG #c :hi");
    assertThat(bob.take()).containsExactly(":braid.irc 404 bob #c :Cannot send to channel (+m)");
    alice.send("MODE #c +v bob");
    bob.take();
    alice.take();
    bob.send("PRIVMSG #c voiced");
    assertThat(alice.take()).containsExactly(":bob!bob@192.0.2.7 PRIVMSG #c voiced");
  }

  @Test
  void theLimitKeepsAFullChannelClosedAndModeShowsEverything() {
    alice.send("JOIN #c", "MODE #c +lk 1 key");
    alice.take();
    bob.send("JOIN #c key");
    assertThat(bob.take()).containsExactly(":braid.irc 471 bob #c :Cannot join channel (+l)");
    alice.send("MODE #c");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 324 alice #c +ntkl key 1",
            ":braid.irc 329 alice #c " + TestNet.NOW.getEpochSecond());
    bob.send("MODE #c");
    assertThat(bob.take().getFirst()).isEqualTo(":braid.irc 324 bob #c +ntkl * 1");
    alice.send("MODE #c +x");
    assertThat(alice.take())
        .containsExactly(":braid.irc 472 alice x :is unknown mode char to me for #c");
  }

  @Test
  void secretChannelsAreHiddenFromListAndWhois() {
    alice.send("JOIN #s,#open", "MODE #s +s", "TOPIC #open :welcome");
    alice.take();
    bob.send("LIST");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 321 bob Channel :Users  Name",
            ":braid.irc 322 bob #open 1 :[+nt] welcome",
            ":braid.irc 323 bob :End of /LIST");
    bob.send("WHOIS alice");
    assertThat(bob.take()).contains(":braid.irc 319 bob alice @#open");
  }

  @Test
  void userModesAreOnlyOnesOwn() {
    alice.send("MODE alice +i", "MODE alice", "MODE bob +i", "MODE alice +z");
    assertThat(alice.take())
        .containsExactly(
            ":alice!alice@192.0.2.7 MODE alice +i",
            ":braid.irc 221 alice +i",
            ":braid.irc 502 alice :Cant change mode for other users",
            ":braid.irc 501 alice :Unknown MODE flag");
  }
}
