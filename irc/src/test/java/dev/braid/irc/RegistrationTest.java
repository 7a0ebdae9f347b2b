package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.braid.irc.codec.CaseMapping;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationTest {
  @Test
  void nickAndUserGetTheWelcome001To005ThenLusersAndTheMotd() {
    var net = new TestNet(IrcConfig.defaults().withMotd(List.of("hello", "world")));
    var alice = net.connect().send("NICK alice", "USER al 0 * :Alice Liddell");
    List<String> lines = alice.take();
    assertThat(lines.get(0))
        .isEqualTo(":braid.irc 001 alice :Welcome to the Braid IRC Network alice!al@192.0.2.7");
    assertThat(lines.get(1)).startsWith(":braid.irc 002 alice :Your host is braid.irc");
    assertThat(lines.get(2)).startsWith(":braid.irc 003 alice :This server was created");
    assertThat(lines.get(3)).startsWith(":braid.irc 004 alice braid.irc braid-");
    String isupport = String.join("\n", lines.stream().filter(l -> l.contains(" 005 ")).toList());
    assertThat(isupport)
        .contains("CASEMAPPING=rfc1459", "CHANTYPES=#", "PREFIX=(ov)@+", "CHANMODES=b,k,l,imnst")
        .contains("NICKLEN=30", "CHANNELLEN=50", "TOPICLEN=390", "MAXTARGETS=4", "CHANLIMIT=#:20")
        .contains("are supported by this server");
    assertThat(lines).anyMatch(l -> l.startsWith(":braid.irc 251 alice :There are 1 users"));
    assertThat(lines)
        .containsSubsequence(
            ":braid.irc 375 alice :- braid.irc Message of the day - ",
            ":braid.irc 372 alice :- hello",
            ":braid.irc 372 alice :- world",
            ":braid.irc 376 alice :End of /MOTD command.");
    assertThat(net.server.userCount()).isEqualTo(1);
  }

  @Test
  void withoutAMotdTheWelcomeEndsWith422() {
    var net = new TestNet();
    var alice = net.connect().send("USER al 0 * :A", "NICK alice");
    assertThat(alice.take().getLast()).isEqualTo(":braid.irc 422 alice :MOTD File is missing");
  }

  @Test
  void capLsHoldsRegistrationUntilCapEndAndReqIsAllOrNothing() {
    var net = new TestNet();
    var c = net.connect().send("CAP LS 302", "NICK alice", "USER a 0 * :A");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc CAP * LS :message-tags server-time echo-message multi-prefix away-notify"
                + " account-notify");
    c.send("CAP REQ :server-time bogus");
    assertThat(c.take()).containsExactly(":braid.irc CAP alice NAK :server-time bogus");
    c.send("CAP REQ :server-time echo-message", "CAP LIST");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc CAP alice ACK :server-time echo-message",
            ":braid.irc CAP alice LIST :server-time echo-message");
    c.send("CAP END");
    assertThat(c.take().getFirst()).startsWith(":braid.irc 001 alice ");
  }

  @Test
  void anUnknownCapSubcommandGets410() {
    var c = new TestNet().connect().send("CAP FROB");
    assertThat(c.take()).containsExactly(":braid.irc 410 * FROB :Invalid CAP command");
  }

  @Test
  void nickRulesAreChecked() {
    var net = new TestNet();
    net.register("alice");
    var c = net.connect().send("NICK", "NICK 9lives", "NICK a" + "b".repeat(30), "NICK ALICE");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 431 * :No nickname given",
            ":braid.irc 432 * 9lives :Erroneous nickname",
            ":braid.irc 432 * a" + "b".repeat(30) + " :Erroneous nickname",
            ":braid.irc 433 * ALICE :Nickname is already in use");
  }

  @Test
  void rfc1459CasemappingMakesBracketsAndBracesOneNick() {
    var net = new TestNet();
    net.register("[bot]");
    var c = net.connect().send("NICK {BOT}");
    assertThat(c.take()).containsExactly(":braid.irc 433 * {BOT} :Nickname is already in use");
    var ascii = new TestNet(IrcConfig.defaults().withCaseMapping(CaseMapping.ASCII));
    ascii.register("[bot]");
    var d = ascii.connect().send("NICK {BOT}", "USER b 0 * :B");
    assertThat(d.take().getFirst()).startsWith(":braid.irc 001 {BOT} ");
  }

  @Test
  void aNickChangeIsSeenBySelfAndChannelPeersAndFreesTheOldNick() {
    var net = new TestNet();
    var both = net.inChannel("#c", "alice", "bob");
    var alice = both.get(0);
    var bob = both.get(1);
    alice.send("NICK Alicia");
    assertThat(alice.take()).containsExactly(":alice!alice@192.0.2.7 NICK Alicia");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 NICK Alicia");
    net.register("alice");
    assertThat(net.server.userCount()).isEqualTo(3);
  }

  @Test
  void commandsBeforeRegistrationGet451AndPingWorks() {
    var c = new TestNet().connect().send("JOIN #c", "PRIVMSG x :y", "PING :tok", "PING");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 451 * :You have not registered",
            ":braid.irc 451 * :You have not registered",
            ":braid.irc PONG braid.irc tok",
            ":braid.irc 409 * :No origin specified");
  }

  @Test
  void userTwiceAndPassAfterRegistrationGet462() {
    var c = new TestNet().register("alice");
    c.send("USER a 0 * :A", "PASS x", "USER a");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 462 alice :You may not reregister",
            ":braid.irc 462 alice :You may not reregister",
            ":braid.irc 462 alice :You may not reregister");
    var d = new TestNet().connect().send("USER a 0");
    assertThat(d.take()).containsExactly(":braid.irc 461 * USER :Not enough parameters");
  }

  @Test
  void anUnregisteredConnectionIsClosedAfterTheRegistrationTimeout() {
    var net = new TestNet();
    var c = net.connect().send("NICK alice");
    net.clock.advance(IrcConfig.DEFAULT_REGISTRATION_TIMEOUT.minusSeconds(1));
    assertThat(c.closed()).isFalse();
    net.clock.advance(Duration.ofSeconds(1));
    assertThat(c.take()).containsExactly("ERROR :Closing link: 192.0.2.7 (Registration timed out)");
    assertThat(c.closed()).isTrue();
  }

  @Test
  void aSilentClientIsPingedAndDroppedIfItStaysSilent() {
    var net = new TestNet();
    var both = net.inChannel("#c", "alice", "bob");
    var alice = both.get(0);
    var bob = both.get(1);
    net.clock.advance(IrcConfig.DEFAULT_PING_INTERVAL);
    assertThat(alice.take()).containsExactly("PING braid.irc");
    bob.take();
    bob.send("PONG braid.irc");
    net.clock.advance(IrcConfig.DEFAULT_PING_TIMEOUT);
    assertThat(alice.take()).containsExactly("ERROR :Closing link: (Ping timeout)");
    assertThat(alice.closed()).isTrue();
    assertThat(bob.closed()).isFalse();
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 QUIT :Connection closed");
  }

  @Test
  void quitClosesWithErrorAndTellsChannelPeers() {
    var net = new TestNet();
    var both = net.inChannel("#c", "alice", "bob");
    var alice = both.get(0);
    var bob = both.get(1);
    alice.send("QUIT :bye now");
    assertThat(alice.take()).containsExactly("ERROR :Closing link: 192.0.2.7 (Quit: bye now)");
    assertThat(bob.take()).containsExactly(":alice!alice@192.0.2.7 QUIT :Quit: bye now");
    assertThat(net.server.userCount()).isEqualTo(1);
  }

  @Test
  void anUnknownCommandGets421AndTheConnectionGoesOn() {
    var c = new TestNet().register("alice");
    c.send("FROBNICATE x", "PING x");
    assertThat(c.take())
        .containsExactly(
            ":braid.irc 421 alice FROBNICATE :Unknown command", ":braid.irc PONG braid.irc x");
  }
}
