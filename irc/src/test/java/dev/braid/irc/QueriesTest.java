package dev.braid.irc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueriesTest {
  TestNet net;
  TestNet.Client alice;
  TestNet.Client bob;

  /** Alice, alone in #c; Bob, in no channel. */
  @BeforeEach
  void aliceInAChannelAndBob() {
    net = new TestNet();
    alice = net.inChannel("#c", "alice").getFirst();
    bob = net.register("bob");
  }

  @Test
  void whoisShowsUserChannelsServerAndIdle() {
    bob.send("WHOIS alice");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 311 bob alice alice 192.0.2.7 * :The alice",
            ":braid.irc 319 bob alice @#c",
            ":braid.irc 312 bob alice braid.irc Braid",
            ":braid.irc 317 bob alice 0 "
                + TestNet.NOW.getEpochSecond()
                + " :seconds idle, signon time",
            ":braid.irc 318 bob alice :End of /WHOIS list");
    bob.send("WHOIS nobody", "WHOIS");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 401 bob nobody :No such nick/channel",
            ":braid.irc 318 bob nobody :End of /WHOIS list",
            ":braid.irc 431 bob :No nickname given");
  }

  @Test
  void whowasRemembersNicksThatLeft() {
    alice.send("NICK alicia");
    bob.send("WHOWAS alice");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 314 bob alice alice 192.0.2.7 * :The alice",
            ":braid.irc 312 bob alice braid.irc " + TestNet.NOW.getEpochSecond(),
            ":braid.irc 369 bob alice :End of WHOWAS");
    bob.send("WHOWAS carol");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 406 bob carol :There was no such nickname",
            ":braid.irc 369 bob carol :End of WHOWAS");
  }

  @Test
  void whoListsAChannelsMembersWithTheirFlags() {
    bob.send("JOIN #c");
    bob.take();
    bob.send("WHO #c");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 352 bob #c alice 192.0.2.7 braid.irc alice H@ :0 The alice",
            ":braid.irc 352 bob #c bob 192.0.2.7 braid.irc bob H :0 The bob",
            ":braid.irc 315 bob #c :End of /WHO list");
    bob.send("WHO alice");
    assertThat(bob.take())
        .containsExactly(
            ":braid.irc 352 bob * alice 192.0.2.7 braid.irc alice H :0 The alice",
            ":braid.irc 315 bob alice :End of /WHO list");
  }

  @Test
  void isonAndUserhostAnswerForTheNicksOnline() {
    bob.send("AWAY :out");
    bob.take();
    alice.send("ISON BOB carol alice", "USERHOST bob alice nobody");
    assertThat(alice.take())
        .containsExactly(
            ":braid.irc 303 alice :bob alice",
            ":braid.irc 302 alice :bob=-bob@192.0.2.7 alice=+alice@192.0.2.7");
  }

  @Test
  void lusersCountsUsersChannelsAndUnregisteredConnections() {
    net.connect();
    alice.send("LUSERS");
    assertThat(alice.take())
        .contains(
            ":braid.irc 251 alice :There are 2 users and 0 invisible on 1 servers",
            ":braid.irc 252 alice 0 :operator(s) online",
            ":braid.irc 253 alice 1 :unknown connection(s)",
            ":braid.irc 254 alice 1 :channels formed");
  }
}
